-- CreateTable
CREATE TABLE "tenant_status_replicas" (
    "tenant_id" TEXT NOT NULL,
    "suspended_at" TIMESTAMPTZ(3),
    "status_version" INTEGER NOT NULL,

    CONSTRAINT "tenant_status_replicas_pkey" PRIMARY KEY ("tenant_id")
);

