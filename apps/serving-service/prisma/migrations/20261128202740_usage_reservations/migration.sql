-- CreateTable
CREATE TABLE "usage_reservations" (
    "request_id" TEXT NOT NULL,
    "owner_id" UUID NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "api_key_id" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "prompt_tokens" INTEGER NOT NULL,
    "completion_tokens" INTEGER NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "usage_reservations_pkey" PRIMARY KEY ("request_id")
);

-- CreateTable
CREATE TABLE "serving_instances" (
    "instance_id" UUID NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "heartbeat_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "serving_instances_pkey" PRIMARY KEY ("instance_id")
);

-- CreateIndex
CREATE INDEX "usage_reservations_owner_id_idx" ON "usage_reservations"("owner_id");

