-- CreateEnum
CREATE TYPE "training_job_kind" AS ENUM ('tokenizer', 'pretrain', 'finetune');

-- CreateEnum
CREATE TYPE "training_job_status" AS ENUM ('validating_files', 'queued', 'running', 'succeeded', 'failed', 'cancelled');

-- CreateEnum
CREATE TYPE "training_job_event_level" AS ENUM ('info', 'warning', 'error');

-- CreateTable
CREATE TABLE "api_key_replicas" (
    "id" TEXT NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "secret_hash" TEXT NOT NULL,
    "scopes" TEXT[],
    "expires_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "api_key_replicas_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tenant_status_replicas" (
    "tenant_id" TEXT NOT NULL,
    "suspended_at" TIMESTAMPTZ(3),
    "status_version" INTEGER NOT NULL,

    CONSTRAINT "tenant_status_replicas_pkey" PRIMARY KEY ("tenant_id")
);

-- CreateTable
CREATE TABLE "dataset_version_replicas" (
    "id" TEXT NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "dataset_id" TEXT NOT NULL,
    "manifest_blob_key" TEXT NOT NULL,
    "manifest_sha256" TEXT NOT NULL,
    "documents" INTEGER NOT NULL,
    "bytes" BIGINT NOT NULL,
    "estimated_tokens" BIGINT NOT NULL,
    "ready_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "dataset_version_replicas_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tokenizers" (
    "id" UUID NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "dataset_version_id" TEXT NOT NULL,
    "job_id" UUID NOT NULL,
    "blob_key" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "vocab_size" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "tokenizers_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "training_jobs" (
    "id" UUID NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "kind" "training_job_kind" NOT NULL,
    "status" "training_job_status" NOT NULL DEFAULT 'validating_files',
    "dataset_version_id" TEXT NOT NULL,
    "base_model_id" UUID,
    "settings" JSONB NOT NULL,
    "requested" JSONB NOT NULL,
    "suffix" TEXT,
    "trained_tokens" BIGINT NOT NULL DEFAULT 0,
    "progress" JSONB,
    "cancel_requested" BOOLEAN NOT NULL DEFAULT false,
    "error" TEXT,
    "model_id" UUID,
    "tokenizer_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "training_jobs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "training_job_events" (
    "id" BIGSERIAL NOT NULL,
    "job_id" UUID NOT NULL,
    "level" "training_job_event_level" NOT NULL,
    "type" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "data" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "training_job_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "training_checkpoints" (
    "job_id" UUID NOT NULL,
    "step" INTEGER NOT NULL,
    "blob_key" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "train_loss" DOUBLE PRECISION NOT NULL,
    "val_loss" DOUBLE PRECISION,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "training_checkpoints_pkey" PRIMARY KEY ("job_id","step")
);

-- CreateTable
CREATE TABLE "models" (
    "id" UUID NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "job_id" UUID NOT NULL,
    "dataset_version_id" TEXT NOT NULL,
    "base_model_id" UUID,
    "tokenizer_id" UUID NOT NULL,
    "artifact_blob_key" TEXT NOT NULL,
    "artifact_sha256" TEXT NOT NULL,
    "weights_blob_key" TEXT NOT NULL,
    "tokenizer_blob_key" TEXT NOT NULL,
    "config" JSONB NOT NULL,
    "metrics" JSONB NOT NULL,
    "files" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "models_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "api_key_replicas_prefix_key" ON "api_key_replicas"("prefix");

-- CreateIndex
CREATE INDEX "dataset_version_replicas_tenant_id_idx" ON "dataset_version_replicas"("tenant_id");

-- CreateIndex
CREATE INDEX "tokenizers_tenant_id_dataset_version_id_vocab_size_idx" ON "tokenizers"("tenant_id", "dataset_version_id", "vocab_size");

-- CreateIndex
CREATE INDEX "training_jobs_tenant_id_created_at_idx" ON "training_jobs"("tenant_id", "created_at");

-- CreateIndex
CREATE INDEX "training_job_events_job_id_id_idx" ON "training_job_events"("job_id", "id");

-- CreateIndex
CREATE UNIQUE INDEX "models_job_id_key" ON "models"("job_id");

-- CreateIndex
CREATE INDEX "models_tenant_id_created_at_idx" ON "models"("tenant_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "models_tenant_id_name_key" ON "models"("tenant_id", "name");

-- AddForeignKey
ALTER TABLE "training_job_events" ADD CONSTRAINT "training_job_events_job_id_fkey" FOREIGN KEY ("job_id") REFERENCES "training_jobs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "training_checkpoints" ADD CONSTRAINT "training_checkpoints_job_id_fkey" FOREIGN KEY ("job_id") REFERENCES "training_jobs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

