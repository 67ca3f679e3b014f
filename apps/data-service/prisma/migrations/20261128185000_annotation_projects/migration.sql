-- CreateTable
CREATE TABLE "annotation_projects" (
    "id" UUID NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "source_version_id" UUID NOT NULL,
    "label_schema" JSONB NOT NULL,
    "overlap" INTEGER NOT NULL,
    "instruction" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "annotation_projects_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "annotation_tasks" (
    "id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "ordinal" INTEGER NOT NULL,
    "document_id" TEXT NOT NULL,
    "text" TEXT NOT NULL,

    CONSTRAINT "annotation_tasks_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "annotation_assignments" (
    "task_id" UUID NOT NULL,
    "annotator" TEXT NOT NULL,
    "assigned_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "annotation_assignments_pkey" PRIMARY KEY ("task_id","annotator")
);

-- CreateTable
CREATE TABLE "annotations" (
    "id" UUID NOT NULL,
    "task_id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "annotator" TEXT NOT NULL,
    "label" TEXT,
    "spans" JSONB NOT NULL,
    "review_status" TEXT NOT NULL DEFAULT 'pending',
    "reviewer" TEXT,
    "review_comment" TEXT,
    "submitted_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "reviewed_at" TIMESTAMPTZ(3),

    CONSTRAINT "annotations_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "annotation_projects_tenant_id_created_at_idx" ON "annotation_projects"("tenant_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "annotation_tasks_project_id_ordinal_key" ON "annotation_tasks"("project_id", "ordinal");

-- CreateIndex
CREATE INDEX "annotation_assignments_annotator_idx" ON "annotation_assignments"("annotator");

-- CreateIndex
CREATE INDEX "annotations_project_id_review_status_idx" ON "annotations"("project_id", "review_status");

-- CreateIndex
CREATE UNIQUE INDEX "annotations_task_id_annotator_key" ON "annotations"("task_id", "annotator");

-- AddForeignKey
ALTER TABLE "annotation_tasks" ADD CONSTRAINT "annotation_tasks_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "annotation_projects"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "annotation_assignments" ADD CONSTRAINT "annotation_assignments_task_id_fkey" FOREIGN KEY ("task_id") REFERENCES "annotation_tasks"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "annotations" ADD CONSTRAINT "annotations_task_id_fkey" FOREIGN KEY ("task_id") REFERENCES "annotation_tasks"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

