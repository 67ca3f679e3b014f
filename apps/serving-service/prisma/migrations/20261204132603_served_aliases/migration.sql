-- CreateTable
CREATE TABLE "served_aliases" (
    "tenant_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "targets" JSONB NOT NULL,
    "revision" INTEGER NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "served_aliases_pkey" PRIMARY KEY ("tenant_id","name")
);

