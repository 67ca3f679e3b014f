-- CreateTable
CREATE TABLE "cleaning_runs" (
    "id" UUID NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "dataset_name" TEXT NOT NULL,
    "corpus_ids" UUID[],
    "settings" JSONB NOT NULL,
    "settings_hash" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "total_bytes" BIGINT NOT NULL,
    "bytes_processed" BIGINT NOT NULL DEFAULT 0,
    "documents_processed" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "dataset_version_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "cleaning_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "corpora" (
    "id" UUID NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "filename" TEXT NOT NULL,
    "format" TEXT NOT NULL,
    "gzip" BOOLEAN NOT NULL,
    "sha256" TEXT NOT NULL,
    "bytes" BIGINT NOT NULL,
    "documents" INTEGER NOT NULL,
    "blob_key" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "corpora_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "datasets" (
    "id" UUID NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "datasets_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "dataset_versions" (
    "id" UUID NOT NULL,
    "dataset_id" UUID NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "manifest_blob_key" TEXT NOT NULL,
    "manifest_sha256" TEXT NOT NULL,
    "documents" INTEGER NOT NULL,
    "bytes" BIGINT NOT NULL,
    "estimated_tokens" BIGINT NOT NULL,
    "lineage" JSONB NOT NULL,
    "report" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "dataset_versions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "cleaning_runs_tenant_id_created_at_idx" ON "cleaning_runs"("tenant_id", "created_at");

-- CreateIndex
CREATE INDEX "corpora_tenant_id_created_at_idx" ON "corpora"("tenant_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "corpora_tenant_id_sha256_key" ON "corpora"("tenant_id", "sha256");

-- CreateIndex
CREATE UNIQUE INDEX "datasets_tenant_id_name_key" ON "datasets"("tenant_id", "name");

-- CreateIndex
CREATE INDEX "dataset_versions_tenant_id_created_at_idx" ON "dataset_versions"("tenant_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "dataset_versions_dataset_id_version_key" ON "dataset_versions"("dataset_id", "version");

-- AddForeignKey
ALTER TABLE "dataset_versions" ADD CONSTRAINT "dataset_versions_dataset_id_fkey" FOREIGN KEY ("dataset_id") REFERENCES "datasets"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

