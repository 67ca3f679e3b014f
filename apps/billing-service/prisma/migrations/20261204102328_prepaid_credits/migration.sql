-- AlterTable
ALTER TABLE "plans" ADD COLUMN     "prepaid" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "credit_grants" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "unit" TEXT NOT NULL,
    "amount" BIGINT NOT NULL,
    "remaining" BIGINT NOT NULL,
    "priority" INTEGER NOT NULL DEFAULT 0,
    "expires_at" TIMESTAMPTZ(3),
    "reason" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "granted_by_user_id" UUID,
    "voided_at" TIMESTAMPTZ(3),
    "expired_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "credit_grants_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "credit_transactions" (
    "id" BIGSERIAL NOT NULL,
    "tenant_id" UUID NOT NULL,
    "grant_id" UUID,
    "kind" TEXT NOT NULL,
    "unit" TEXT NOT NULL,
    "amount" BIGINT NOT NULL,
    "balance_after" BIGINT NOT NULL,
    "period" CHAR(7),
    "uncovered" BIGINT,
    "meter" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "credit_transactions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "credit_accounts" (
    "tenant_id" UUID NOT NULL,
    "balance" BIGINT NOT NULL DEFAULT 0,
    "enforced" BOOLEAN NOT NULL DEFAULT false,
    "low_threshold" BIGINT,
    "low_alerted" BOOLEAN NOT NULL DEFAULT false,
    "top_up_threshold" BIGINT,
    "top_up_tokens" BIGINT,
    "top_up_price_minor" BIGINT,
    "top_up_fired" BOOLEAN NOT NULL DEFAULT false,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "credit_accounts_pkey" PRIMARY KEY ("tenant_id")
);

-- CreateTable
CREATE TABLE "credit_purchases" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "grant_id" UUID NOT NULL,
    "period" CHAR(7) NOT NULL,
    "tokens" BIGINT NOT NULL,
    "amount_minor" BIGINT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "credit_purchases_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "credit_grants_tenant_id_created_at_idx" ON "credit_grants"("tenant_id", "created_at");

-- CreateIndex
CREATE INDEX "credit_grants_expires_at_idx" ON "credit_grants"("expires_at");

-- CreateIndex
CREATE INDEX "credit_transactions_tenant_id_id_idx" ON "credit_transactions"("tenant_id", "id");

-- CreateIndex
CREATE INDEX "credit_transactions_tenant_id_period_kind_idx" ON "credit_transactions"("tenant_id", "period", "kind");

-- CreateIndex
CREATE UNIQUE INDEX "credit_purchases_grant_id_key" ON "credit_purchases"("grant_id");

-- CreateIndex
CREATE INDEX "credit_purchases_tenant_id_period_idx" ON "credit_purchases"("tenant_id", "period");

