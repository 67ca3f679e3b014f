-- AlterTable
ALTER TABLE "training_jobs" ADD COLUMN     "validation_dataset_version_id" TEXT,
ADD COLUMN     "early_stopping" JSONB,
ADD COLUMN     "selected_checkpoint" JSONB;

-- AlterTable
ALTER TABLE "training_checkpoints" ADD COLUMN     "validation_loss" DOUBLE PRECISION;
