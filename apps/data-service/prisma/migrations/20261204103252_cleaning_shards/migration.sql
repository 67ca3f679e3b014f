-- CreateTable
CREATE TABLE "cleaning_shards" (
    "run_id" UUID NOT NULL,
    "shard" INTEGER NOT NULL,
    "bytes" BIGINT NOT NULL,
    "documents" INTEGER NOT NULL,
    "finished_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "cleaning_shards_pkey" PRIMARY KEY ("run_id","shard")
);

