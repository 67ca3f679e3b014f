-- CreateTable
CREATE TABLE "quality_classifiers" (
    "id" UUID NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "project_id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "good_labels" TEXT[],
    "bad_labels" TEXT[],
    "training_documents" INTEGER NOT NULL,
    "metrics" JSONB NOT NULL,
    "model_blob_key" TEXT NOT NULL,
    "model_sha256" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "quality_classifiers_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "quality_classifiers_tenant_id_project_id_version_key" ON "quality_classifiers"("tenant_id", "project_id", "version");

