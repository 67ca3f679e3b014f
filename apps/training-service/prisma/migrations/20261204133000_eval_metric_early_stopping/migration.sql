-- AlterTable
ALTER TABLE "eval_runs" ADD COLUMN     "checkpoint_step" INTEGER,
ADD COLUMN     "job_id" UUID,
ALTER COLUMN "model_id" DROP NOT NULL;

-- AlterTable
ALTER TABLE "training_checkpoints" ADD COLUMN     "eval_run_id" UUID,
ADD COLUMN     "eval_score" DOUBLE PRECISION;

-- AlterTable
ALTER TABLE "training_jobs" ADD COLUMN     "api_key_id" TEXT;
