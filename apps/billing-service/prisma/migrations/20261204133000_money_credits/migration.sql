-- AlterTable
ALTER TABLE "credit_accounts" ADD COLUMN     "live_money_tokens" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "money_balance" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "money_carry" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "money_currency" TEXT;

-- AlterTable
ALTER TABLE "credit_transactions" ADD COLUMN     "paid_tokens" BIGINT;
