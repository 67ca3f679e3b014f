-- CreateTable
CREATE TABLE "budgets" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "api_key_id" UUID,
    "name" TEXT NOT NULL,
    "limit_tokens" BIGINT NOT NULL,
    "window" TEXT NOT NULL,
    "window_start" TIMESTAMPTZ(3),
    "window_end" TIMESTAMPTZ(3),
    "mode" TEXT NOT NULL,
    "thresholds" INTEGER[],
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deleted_at" TIMESTAMPTZ(3),

    CONSTRAINT "budgets_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "budget_window_spend" (
    "budget_id" UUID NOT NULL,
    "window_start" TIMESTAMPTZ(3) NOT NULL,
    "spent" BIGINT NOT NULL,

    CONSTRAINT "budget_window_spend_pkey" PRIMARY KEY ("budget_id","window_start")
);

-- CreateTable
CREATE TABLE "budget_alerts" (
    "budget_id" UUID NOT NULL,
    "window_start" TIMESTAMPTZ(3) NOT NULL,
    "threshold_percent" INTEGER NOT NULL,
    "sent_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "budget_alerts_pkey" PRIMARY KEY ("budget_id","window_start","threshold_percent")
);

-- CreateIndex
CREATE INDEX "budgets_tenant_id_idx" ON "budgets"("tenant_id");

