-- AlterTable
ALTER TABLE "plans" ADD COLUMN     "batch_discount_percent" INTEGER NOT NULL DEFAULT 50;

-- AlterTable
ALTER TABLE "usage_ledger_events" ADD COLUMN     "batch_completion_tokens" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "batch_prompt_tokens" BIGINT NOT NULL DEFAULT 0;
