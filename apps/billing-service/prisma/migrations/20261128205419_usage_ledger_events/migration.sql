-- CreateTable
CREATE TABLE "usage_ledger_events" (
    "tenant_id" TEXT NOT NULL,
    "billed_period" CHAR(7) NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "event_id" UUID NOT NULL,
    "usage_day" DATE NOT NULL,
    "event_type" TEXT NOT NULL,
    "model" TEXT,
    "request_id" TEXT,
    "training_job_id" TEXT,
    "api_key_id" TEXT,
    "prompt_tokens" BIGINT NOT NULL,
    "completion_tokens" BIGINT NOT NULL,
    "training_tokens" BIGINT NOT NULL,

    CONSTRAINT "usage_ledger_events_pkey" PRIMARY KEY ("tenant_id","billed_period","occurred_at","event_id")
);

