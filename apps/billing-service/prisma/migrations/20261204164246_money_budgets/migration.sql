-- AlterTable
ALTER TABLE "budgets" ADD COLUMN     "currency" TEXT,
ADD COLUMN     "limit_minor" BIGINT,
ALTER COLUMN "limit_tokens" DROP NOT NULL;

-- AlterTable
ALTER TABLE "budget_window_spend" ADD COLUMN     "tokens" BIGINT NOT NULL DEFAULT 0;

-- Budgets so far were all in tokens: their spending is their tokens.
UPDATE "budget_window_spend" SET "tokens" = "spent";
