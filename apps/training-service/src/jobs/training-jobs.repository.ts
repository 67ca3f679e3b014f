import { DATABASE, keysetPage, lockTenantLimit, NEWEST_FIRST } from '@llmchain/platform';
import { Inject, Injectable } from '@nestjs/common';
import { Prisma, PrismaClient, TrainingCheckpoint, TrainingJob, TrainingJobEvent, TrainingJobStatus } from '../generated/prisma/client';

export type JobEventInput = {
  level: 'info' | 'warning' | 'error';
  type: string;
  message: string;
  data?: Prisma.InputJsonValue;
};

export const TERMINAL_STATUSES: readonly TrainingJobStatus[] = ['succeeded', 'failed', 'cancelled'];

/** Training jobs, their event log and their checkpoints. Every read is scoped to a tenant. */
@Injectable()
export class TrainingJobsRepository {
  constructor(@Inject(DATABASE) private readonly db: PrismaClient) {}

  get client(): PrismaClient {
    return this.db;
  }

  /**
   * Creates the job with its first event, unless the tenant already has `maxUnfinished` jobs not yet finished
   * (validating, queued or running): then returns how many it has, and creates nothing.
   */
  async createWithinLimit(
    data: Prisma.TrainingJobUncheckedCreateInput,
    firstEvent: JobEventInput,
    maxUnfinished: number,
  ): Promise<{ created: TrainingJob } | { unfinished: number }> {
    return this.db.$transaction(async (tx) => {
      await lockTenantLimit(tx, 'training-jobs', data.tenantId);
      const unfinished = await tx.trainingJob.count({ where: { tenantId: data.tenantId, status: { notIn: [...TERMINAL_STATUSES] } } });
      if (unfinished >= maxUnfinished) return { unfinished };
      const job = await tx.trainingJob.create({ data });
      await this.appendEvent(tx, job.id, firstEvent);
      return { created: job };
    });
  }

  /** Removes a job that never got onto a queue (Redis refused it): it must not linger as validating_files. */
  async deleteUnqueued(id: string): Promise<void> {
    await this.db.trainingJob.deleteMany({ where: { id, status: 'validating_files' } });
  }

  findForTenant(tenantId: string, id: string): Promise<TrainingJob | null> {
    return this.db.trainingJob.findFirst({ where: { id, tenantId } });
  }

  findById(id: string): Promise<TrainingJob | null> {
    return this.db.trainingJob.findUnique({ where: { id } });
  }

  /**
   * The tenant's training jobs, newest first, `limit + 1` rows (listPage's extra row says whether there is more);
   * `after` is the last id seen. Imports and merges are listed with their own endpoints.
   */
  list(tenantId: string, limit: number, after?: string): Promise<TrainingJob[]> {
    return keysetPage({ limit, after }, NEWEST_FIRST, {
      find: (id) => this.db.trainingJob.findFirst({ where: { id, tenantId }, select: { createdAt: true, id: true } }),
      rows: ({ after, orderBy, take }) =>
        this.db.trainingJob.findMany({ where: { AND: [{ tenantId, kind: { in: ['tokenizer', 'pretrain', 'finetune'] } }, after] }, orderBy, take }),
    });
  }

  /** Oldest first, `limit + 1` rows. */
  events(jobId: string, limit: number, after?: bigint): Promise<TrainingJobEvent[]> {
    return this.db.trainingJobEvent.findMany({
      where: { jobId, ...(after !== undefined ? { id: { gt: after } } : {}) },
      orderBy: { id: 'asc' },
      take: limit + 1,
    });
  }

  checkpoints(jobId: string): Promise<TrainingCheckpoint[]> {
    return this.db.trainingCheckpoint.findMany({ where: { jobId }, orderBy: { step: 'asc' } });
  }

  latestCheckpoint(jobId: string, db: Prisma.TransactionClient = this.db): Promise<TrainingCheckpoint | null> {
    return db.trainingCheckpoint.findFirst({ where: { jobId }, orderBy: { step: 'desc' } });
  }

  /**
   * How many of the tenant's jobs created before `job` still wait for a training slot (validating or queued): its
   * fair-share priority. Counted by creation order, not by what is queued at the moment, so jobs validated at once
   * (the validation worker takes several together) still line up one behind the other.
   */
  countWaitingAhead(job: Pick<TrainingJob, 'id' | 'tenantId' | 'createdAt'>): Promise<number> {
    return this.db.trainingJob.count({
      where: {
        tenantId: job.tenantId,
        status: { in: ['validating_files', 'queued'] },
        OR: [{ createdAt: { lt: job.createdAt } }, { createdAt: job.createdAt, id: { lt: job.id } }],
      },
    });
  }

  async appendEvent(tx: Prisma.TransactionClient, jobId: string, event: JobEventInput): Promise<void> {
    await tx.trainingJobEvent.create({ data: { jobId, level: event.level, type: event.type, message: event.message, data: event.data } });
  }

  /**
   * Moves a job from one of `from` to a new state with an event, atomically; false when the job was no longer in
   * one of `from` (a concurrent cancel, a finished run), so callers never overwrite a terminal state.
   */
  async transition(
    tx: Prisma.TransactionClient,
    jobId: string,
    from: readonly TrainingJobStatus[],
    update: Prisma.TrainingJobUncheckedUpdateInput,
    /** Or made once the row is updated, and so locked: what it reads cannot change before the transaction commits. */
    event: JobEventInput | (() => Promise<JobEventInput>),
  ): Promise<boolean> {
    const { count } = await tx.trainingJob.updateMany({ where: { id: jobId, status: { in: [...from] } }, data: update });
    if (count === 0) return false;
    await this.appendEvent(tx, jobId, typeof event === 'function' ? await event() : event);
    return true;
  }
}
