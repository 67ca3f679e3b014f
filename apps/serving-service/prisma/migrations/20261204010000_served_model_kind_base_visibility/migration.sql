-- AlterTable
ALTER TABLE "served_models" ADD COLUMN     "base_model_id" TEXT,
ADD COLUMN     "kind" TEXT NOT NULL DEFAULT 'trained',
ADD COLUMN     "visibility" TEXT NOT NULL DEFAULT 'tenant';
