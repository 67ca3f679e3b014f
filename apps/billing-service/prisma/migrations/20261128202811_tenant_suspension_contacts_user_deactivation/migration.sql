-- AlterTable
ALTER TABLE "tenants" ADD COLUMN     "billing_email" TEXT,
ADD COLUMN     "contact_email" TEXT,
ADD COLUMN     "status_version" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "suspended_at" TIMESTAMPTZ(3),
ADD COLUMN     "suspension_reason" TEXT;

-- AlterTable
ALTER TABLE "users" ADD COLUMN     "deactivated_at" TIMESTAMPTZ(3);

-- CreateIndex
CREATE INDEX "usage_ledger_usage_day_idx" ON "usage_ledger"("usage_day");

