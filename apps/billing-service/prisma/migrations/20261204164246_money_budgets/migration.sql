-- AlterTable
ALTER TABLE "budgets" ADD COLUMN     "currency" TEXT,
ADD COLUMN     "limit_minor" BIGINT,
ALTER COLUMN "limit_tokens" DROP NOT NULL;
