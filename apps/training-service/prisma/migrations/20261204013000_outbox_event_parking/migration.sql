-- AlterTable
ALTER TABLE "outbox_events" ADD COLUMN     "last_error" TEXT,
ADD COLUMN     "parked_at" TIMESTAMPTZ(3),
ADD COLUMN     "refusals" INTEGER NOT NULL DEFAULT 0;
