import { DATABASE, keysetPage, ListQuery, NEWEST_FIRST } from '@llmchain/platform';
import { Inject, Injectable } from '@nestjs/common';
import { Annotation, AnnotationProject, AnnotationTask, Prisma, PrismaClient } from '../generated/prisma/client';
import { ReviewStatus, Span } from './annotation.dto';

/** A review queue's order: oldest submission first. */
const REVIEW_ORDER = { keys: ['submittedAt', 'id'], direction: 'asc' } as const;

/** Projects, tasks, assignments and annotations; every read is scoped to the tenant through the project. */
@Injectable()
export class AnnotationRepository {
  constructor(@Inject(DATABASE) private readonly db: PrismaClient) {}

  async createProject(
    project: Omit<AnnotationProject, 'id' | 'createdAt' | 'labelSchema'> & { labelSchema: Prisma.InputJsonValue },
    tasks: { documentId: string; text: string }[],
  ): Promise<AnnotationProject> {
    return this.db.$transaction(async (tx) => {
      const created = await tx.annotationProject.create({ data: project });
      await tx.annotationTask.createMany({ data: tasks.map((t, ordinal) => ({ ...t, ordinal, projectId: created.id })) });
      return created;
    });
  }

  findProject(tenantId: string, id: string): Promise<AnnotationProject | null> {
    return this.db.annotationProject.findFirst({ where: { id, tenantId } });
  }

  /** Newest first, `limit + 1` projects after the one `after` names, each with its number of tasks. */
  listProjects(tenantId: string, query: ListQuery) {
    return keysetPage(query, NEWEST_FIRST, {
      find: (id) => this.findProject(tenantId, id),
      rows: ({ after, orderBy, take }) =>
        this.db.annotationProject.findMany({ where: { AND: [{ tenantId }, after] }, orderBy, take, include: { _count: { select: { tasks: true } } } }),
    });
  }

  /** How far a project is: its tasks, and its annotations by review status. */
  async projectProgress(projectId: string): Promise<{ tasks: number; annotations: Record<ReviewStatus, number> }> {
    const [tasks, byStatus] = await Promise.all([
      this.db.annotationTask.count({ where: { projectId } }),
      this.db.annotation.groupBy({ by: ['reviewStatus'], where: { projectId }, _count: { _all: true } }),
    ]);
    const annotations: Record<ReviewStatus, number> = { pending: 0, approved: 0, rejected: 0 };
    for (const row of byStatus) annotations[row.reviewStatus as ReviewStatus] = row._count._all;
    return { tasks, annotations };
  }

  findProjectAnnotation(projectId: string, id: string): Promise<Annotation | null> {
    return this.db.annotation.findFirst({ where: { id, projectId } });
  }

  /**
   * Oldest submission first (a review queue works through them in order), `limit + 1` after the annotation `after`
   * names, with the task's document. The cursor may be any of the project's annotations: one reviewed since the
   * previous page of pending ones still names its place.
   */
  listAnnotations(projectId: string, reviewStatus: ReviewStatus | undefined, query: ListQuery) {
    return keysetPage(query, REVIEW_ORDER, {
      find: (id) => this.findProjectAnnotation(projectId, id),
      rows: ({ after, orderBy, take }) =>
        this.db.annotation.findMany({
          where: { AND: [{ projectId, ...(reviewStatus ? { reviewStatus } : {}) }, after] },
          orderBy,
          take,
          include: { task: { select: { documentId: true, text: true } } },
        }),
    });
  }

  /**
   * Up to `count` tasks for one annotator: first those already handed to them and not yet annotated, then new ones
   * that fewer than `overlap` people hold, in document order so overlapping documents fill up together. Rows being
   * handed out by a concurrent call are skipped (SKIP LOCKED), and the holders of those locked here are counted again
   * once locked: the first statement's snapshot can predate a concurrent hand-out that committed before the lock was
   * taken, and a document would then go to more than `overlap` people.
   */
  async handOut(projectId: string, annotator: string, overlap: number, count: number): Promise<AnnotationTask[]> {
    return this.db.$transaction(async (tx) => {
      const open = await tx.annotationTask.findMany({
        where: { projectId, assignments: { some: { annotator } }, annotations: { none: { annotator } } },
        orderBy: { ordinal: 'asc' },
        take: count,
      });
      const wanted = count - open.length;
      if (wanted <= 0) return open;
      const locked = await tx.$queryRawUnsafe<{ id: string }[]>(
        `SELECT t.id FROM annotation_tasks t
          WHERE t.project_id = $1::uuid
            AND NOT EXISTS (SELECT 1 FROM annotation_assignments a WHERE a.task_id = t.id AND a.annotator = $2)
            AND (SELECT count(*) FROM annotation_assignments a WHERE a.task_id = t.id) < $3
          ORDER BY t.ordinal
          LIMIT $4
          FOR UPDATE OF t SKIP LOCKED`,
        projectId,
        annotator,
        overlap,
        wanted,
      );
      // A statement of its own, so a snapshot taken after the locks: every hand-out of these rows has committed.
      const held = await tx.annotationAssignment.findMany({ where: { taskId: { in: locked.map((t) => t.id) } }, select: { taskId: true, annotator: true } });
      const fresh = locked.filter((t) => {
        const holders = held.filter((h) => h.taskId === t.id);
        return holders.length < overlap && !holders.some((h) => h.annotator === annotator);
      });
      await tx.annotationAssignment.createMany({ data: fresh.map((t) => ({ taskId: t.id, annotator })) });
      const handed = await tx.annotationTask.findMany({ where: { id: { in: fresh.map((t) => t.id) } }, orderBy: { ordinal: 'asc' } });
      return [...open, ...handed];
    });
  }

  findTask(projectId: string, taskId: string) {
    return this.db.annotationTask.findFirst({
      where: { id: taskId, projectId },
      include: { assignments: { select: { annotator: true } }, annotations: true },
    });
  }

  createAnnotation(data: { taskId: string; projectId: string; annotator: string; label: string | null; spans: Span[] }): Promise<Annotation> {
    return this.db.annotation.create({ data });
  }

  replacePendingAnnotation(id: string, label: string | null, spans: Span[]): Promise<Annotation> {
    return this.db.annotation.update({ where: { id }, data: { label, spans, submittedAt: new Date() } });
  }

  findAnnotation(tenantId: string, id: string) {
    return this.db.annotation.findFirst({ where: { id, task: { project: { tenantId } } } });
  }

  review(id: string, reviewer: string, status: 'approved' | 'rejected', comment: string | null): Promise<Annotation> {
    return this.db.annotation.update({
      where: { id },
      data: { reviewStatus: status, reviewer, reviewComment: comment, reviewedAt: new Date() },
    });
  }

  projectAnnotations(projectId: string): Promise<Annotation[]> {
    return this.db.annotation.findMany({ where: { projectId }, orderBy: { submittedAt: 'asc' } });
  }

  /** Tasks in document order with their approved annotations, a page at a time (exports stream through them). */
  tasksWithApproved(projectId: string, afterOrdinal: number, take: number) {
    return this.db.annotationTask.findMany({
      where: { projectId, ordinal: { gt: afterOrdinal } },
      orderBy: { ordinal: 'asc' },
      take,
      include: { annotations: { where: { reviewStatus: 'approved' }, orderBy: { submittedAt: 'asc' } } },
    });
  }
}
