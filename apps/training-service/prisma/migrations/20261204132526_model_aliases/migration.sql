-- CreateTable
CREATE TABLE "model_aliases" (
    "id" UUID NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "targets" JSONB NOT NULL,
    "revision" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "model_aliases_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "model_alias_changes" (
    "alias_id" UUID NOT NULL,
    "revision" INTEGER NOT NULL,
    "targets" JSONB NOT NULL,
    "action" TEXT NOT NULL,
    "api_key_id" TEXT NOT NULL,
    "changed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "model_alias_changes_pkey" PRIMARY KEY ("alias_id","revision")
);

-- CreateIndex
CREATE INDEX "model_aliases_tenant_id_created_at_idx" ON "model_aliases"("tenant_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "model_aliases_tenant_id_name_key" ON "model_aliases"("tenant_id", "name");

-- AddForeignKey
ALTER TABLE "model_alias_changes" ADD CONSTRAINT "model_alias_changes_alias_id_fkey" FOREIGN KEY ("alias_id") REFERENCES "model_aliases"("id") ON DELETE CASCADE ON UPDATE CASCADE;

