-- AlterTable
ALTER TABLE "tenant_quotas" ADD COLUMN     "max_concurrent_sequences" INTEGER,
ADD COLUMN     "scheduling_weight" INTEGER;
