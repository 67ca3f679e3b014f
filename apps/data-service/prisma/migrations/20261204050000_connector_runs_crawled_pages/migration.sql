-- CreateTable
CREATE TABLE "connector_runs" (
    "id" UUID NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "source" JSONB NOT NULL,
    "settings" JSONB NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "documents" INTEGER NOT NULL DEFAULT 0,
    "skipped" JSONB NOT NULL DEFAULT '{}',
    "progress" JSONB NOT NULL DEFAULT '{}',
    "corpus_id" UUID,
    "error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "connector_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "crawled_pages" (
    "tenant_id" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "etag" TEXT,
    "last_modified" TEXT,
    "links" TEXT[],
    "fetched_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "crawled_pages_pkey" PRIMARY KEY ("tenant_id","url")
);

-- CreateIndex
CREATE INDEX "connector_runs_tenant_id_created_at_idx" ON "connector_runs"("tenant_id", "created_at");

