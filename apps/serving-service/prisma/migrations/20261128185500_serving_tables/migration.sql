-- CreateTable
CREATE TABLE "served_models" (
    "model_id" TEXT NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "artifact_key" TEXT NOT NULL,
    "artifact_sha256" TEXT NOT NULL,
    "context_length" INTEGER NOT NULL,
    "registered_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "served_models_pkey" PRIMARY KEY ("model_id")
);

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
CREATE TABLE "tenant_quotas" (
    "tenant_id" TEXT NOT NULL,
    "remaining_included_tokens" BIGINT NOT NULL,
    "hard_stop" BOOLEAN NOT NULL,
    "requests_per_minute" INTEGER NOT NULL,
    "tokens_per_minute" INTEGER NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "tenant_quotas_pkey" PRIMARY KEY ("tenant_id")
);

-- CreateTable
CREATE TABLE "usage_records" (
    "request_id" TEXT NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "api_key_id" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "prompt_tokens" INTEGER NOT NULL,
    "completion_tokens" INTEGER NOT NULL,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "usage_records_pkey" PRIMARY KEY ("request_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "served_models_tenant_id_name_key" ON "served_models"("tenant_id", "name");

-- CreateIndex
CREATE UNIQUE INDEX "api_key_replicas_prefix_key" ON "api_key_replicas"("prefix");

