-- CreateEnum
CREATE TYPE "model_kind" AS ENUM ('trained', 'imported', 'adapter');

-- CreateEnum
CREATE TYPE "model_architecture" AS ENUM ('gpt2', 'llama');

-- CreateEnum
CREATE TYPE "model_visibility" AS ENUM ('tenant', 'platform');

-- AlterEnum
ALTER TYPE "training_job_kind" ADD VALUE 'import';
ALTER TYPE "training_job_kind" ADD VALUE 'merge';

-- AlterTable
ALTER TABLE "training_jobs" ALTER COLUMN "dataset_version_id" DROP NOT NULL;

-- AlterTable
ALTER TABLE "models" ADD COLUMN     "adapter" JSONB,
ADD COLUMN     "architecture" "model_architecture" NOT NULL DEFAULT 'gpt2',
ADD COLUMN     "import_source_files" JSONB,
ADD COLUMN     "import_source_name" TEXT,
ADD COLUMN     "kind" "model_kind" NOT NULL DEFAULT 'trained',
ADD COLUMN     "visibility" "model_visibility" NOT NULL DEFAULT 'tenant',
ALTER COLUMN "dataset_version_id" DROP NOT NULL,
ALTER COLUMN "tokenizer_id" DROP NOT NULL;


-- CreateIndex
CREATE INDEX "models_visibility_created_at_idx" ON "models"("visibility", "created_at");

-- CreateIndex
CREATE INDEX "models_base_model_id_idx" ON "models"("base_model_id");

