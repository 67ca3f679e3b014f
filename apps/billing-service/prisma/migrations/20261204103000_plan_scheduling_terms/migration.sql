-- AlterTable
ALTER TABLE "plans" ADD COLUMN     "max_concurrent_sequences" INTEGER NOT NULL DEFAULT 64,
ADD COLUMN     "scheduling_weight" INTEGER NOT NULL DEFAULT 1;
