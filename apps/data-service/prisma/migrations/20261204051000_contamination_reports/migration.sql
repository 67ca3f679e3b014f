-- CreateTable
CREATE TABLE "contamination_reports" (
    "id" UUID NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "dataset_version_id" UUID NOT NULL,
    "against_version_id" UUID NOT NULL,
    "ngram_words" INTEGER NOT NULL,
    "shared_ngrams" INTEGER NOT NULL,
    "report" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "contamination_reports_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "contamination_reports_tenant_id_dataset_version_id_idx" ON "contamination_reports"("tenant_id", "dataset_version_id");

-- CreateIndex
CREATE INDEX "contamination_reports_tenant_id_against_version_id_idx" ON "contamination_reports"("tenant_id", "against_version_id");
