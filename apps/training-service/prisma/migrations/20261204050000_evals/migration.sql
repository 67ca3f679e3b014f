-- CreateEnum
CREATE TYPE "eval_run_status" AS ENUM ('queued', 'running', 'succeeded', 'failed', 'cancelled');

-- CreateTable
CREATE TABLE "evals" (
    "id" UUID NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "dataset_version_id" TEXT NOT NULL,
    "testing_criteria" JSONB NOT NULL,
    "metadata" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "evals_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "eval_runs" (
    "id" UUID NOT NULL,
    "eval_id" UUID NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "api_key_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "model_id" UUID NOT NULL,
    "model_name" TEXT NOT NULL,
    "data_source" JSONB NOT NULL,
    "metadata" JSONB,
    "status" "eval_run_status" NOT NULL DEFAULT 'queued',
    "cancel_requested" BOOLEAN NOT NULL DEFAULT false,
    "result_counts" JSONB NOT NULL,
    "per_criterion" JSONB NOT NULL,
    "prompt_tokens" BIGINT NOT NULL DEFAULT 0,
    "completion_tokens" BIGINT NOT NULL DEFAULT 0,
    "usage_by_model" JSONB NOT NULL DEFAULT '{}',
    "error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "eval_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "eval_run_items" (
    "id" UUID NOT NULL,
    "run_id" UUID NOT NULL,
    "index" INTEGER NOT NULL,
    "item" JSONB NOT NULL,
    "sample" JSONB,
    "results" JSONB NOT NULL,
    "passed" BOOLEAN,
    "error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "eval_run_items_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "evals_tenant_id_created_at_idx" ON "evals"("tenant_id", "created_at");

-- CreateIndex
CREATE INDEX "eval_runs_eval_id_created_at_idx" ON "eval_runs"("eval_id", "created_at");

-- CreateIndex
CREATE INDEX "eval_runs_tenant_id_status_idx" ON "eval_runs"("tenant_id", "status");

-- CreateIndex
CREATE UNIQUE INDEX "eval_run_items_run_id_index_key" ON "eval_run_items"("run_id", "index");

-- AddForeignKey
ALTER TABLE "eval_runs" ADD CONSTRAINT "eval_runs_eval_id_fkey" FOREIGN KEY ("eval_id") REFERENCES "evals"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "eval_run_items" ADD CONSTRAINT "eval_run_items_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "eval_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

