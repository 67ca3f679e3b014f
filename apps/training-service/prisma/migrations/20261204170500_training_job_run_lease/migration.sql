-- AlterTable
ALTER TABLE "training_jobs" ADD COLUMN     "run_lease" UUID;
