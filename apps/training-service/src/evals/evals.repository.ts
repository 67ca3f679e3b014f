import { DATABASE, keysetPage, lockTenantLimit, NEWEST_FIRST } from '@llmchain/platform';
import { Inject, Injectable } from '@nestjs/common';
import { Eval, EvalRun, EvalRunItem, EvalRunStatus, Prisma, PrismaClient, TrainingCheckpoint } from '../generated/prisma/client';

export const UNFINISHED_RUN_STATUSES: readonly EvalRunStatus[] = ['queued', 'running'];

/** A run's items in the dataset's order: an item's index is unique within its run. */
const DATASET_ORDER = { keys: ['index'], direction: 'asc' } as const;

/** Evals, their runs and their runs' graded items. Every read a tenant makes is scoped to it. */
@Injectable()
export class EvalsRepository {
  constructor(@Inject(DATABASE) private readonly db: PrismaClient) {}

  get client(): PrismaClient {
    return this.db;
  }

  createEval(data: Prisma.EvalUncheckedCreateInput): Promise<Eval> {
    return this.db.eval.create({ data });
  }

  findEval(tenantId: string, id: string): Promise<Eval | null> {
    return this.db.eval.findFirst({ where: { id, tenantId } });
  }

  findEvalById(id: string): Promise<Eval | null> {
    return this.db.eval.findUnique({ where: { id } });
  }

  /** Newest first, `limit + 1` rows (listPage's extra row says whether there is more). */
  listEvals(tenantId: string, limit: number, after?: string): Promise<Eval[]> {
    return keysetPage({ limit, after }, NEWEST_FIRST, {
      find: (id) => this.db.eval.findFirst({ where: { id, tenantId }, select: { id: true, createdAt: true } }),
      rows: ({ after, orderBy, take }) => this.db.eval.findMany({ where: { AND: [{ tenantId }, after] }, orderBy, take }),
    });
  }

  /** Deletes the eval with its runs and items, unless a run is queued or running (false then). */
  async deleteEvalWithoutUnfinishedRuns(tenantId: string, id: string): Promise<boolean> {
    return this.db.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT id FROM evals WHERE id = ${id}::uuid FOR UPDATE`;
      if (await tx.evalRun.count({ where: { evalId: id, status: { in: [...UNFINISHED_RUN_STATUSES] } } })) return false;
      await tx.eval.deleteMany({ where: { id, tenantId } });
      return true;
    });
  }

  /**
   * Creates the run unless the tenant already has `maxUnfinished` runs queued or running (then returns how many);
   * `alongside` writes what goes with the run in its transaction.
   */
  async createRunWithinLimit(
    data: Prisma.EvalRunUncheckedCreateInput,
    maxUnfinished: number,
    alongside?: (tx: Prisma.TransactionClient, run: EvalRun) => Promise<unknown>,
  ): Promise<{ created: EvalRun } | { unfinished: number }> {
    return this.db.$transaction(async (tx) => {
      await lockTenantLimit(tx, 'eval-runs', data.tenantId);
      // Holds the eval while the run is created, so a concurrent delete cannot remove it in between.
      await tx.$queryRaw`SELECT id FROM evals WHERE id = ${data.evalId}::uuid FOR SHARE`;
      const unfinished = await tx.evalRun.count({ where: { tenantId: data.tenantId, status: { in: [...UNFINISHED_RUN_STATUSES] } } });
      if (unfinished >= maxUnfinished) return { unfinished };
      const created = await tx.evalRun.create({ data });
      await alongside?.(tx, created);
      return { created };
    });
  }

  async deleteUnqueuedRun(id: string): Promise<void> {
    await this.db.evalRun.deleteMany({ where: { id, status: 'queued', startedAt: null } });
  }

  findRun(evalId: string, id: string): Promise<EvalRun | null> {
    return this.db.evalRun.findFirst({ where: { id, evalId } });
  }

  findRunById(id: string): Promise<EvalRun | null> {
    return this.db.evalRun.findUnique({ where: { id } });
  }

  /** Newest first, `limit + 1` rows; the eval is the tenant's (the caller checked), so its runs are too. */
  listRuns(evalId: string, limit: number, after?: string): Promise<EvalRun[]> {
    return keysetPage({ limit, after }, NEWEST_FIRST, {
      find: (id) => this.db.evalRun.findFirst({ where: { id, evalId }, select: { id: true, createdAt: true } }),
      rows: ({ after, orderBy, take }) => this.db.evalRun.findMany({ where: { AND: [{ evalId }, after] }, orderBy, take }),
    });
  }

  /** In dataset order, `limit + 1` rows; `after` is the id of the last item seen. */
  listItems(runId: string, limit: number, after?: string): Promise<EvalRunItem[]> {
    return keysetPage({ limit, after }, DATASET_ORDER, {
      find: (id) => this.db.evalRunItem.findFirst({ where: { id, runId }, select: { index: true } }),
      rows: ({ after, orderBy, take }) => this.db.evalRunItem.findMany({ where: { AND: [{ runId }, after] }, orderBy, take }),
    });
  }

  /** A job's checkpoint, for runs against one (the job is the tenant's: its model was checked first). */
  findCheckpoint(jobId: string, step: number): Promise<TrainingCheckpoint | null> {
    return this.db.trainingCheckpoint.findUnique({ where: { jobId_step: { jobId, step } } });
  }

  /** The steps a job saved a checkpoint at, to name them when a run asks for another. */
  async checkpointSteps(jobId: string): Promise<number[]> {
    return (await this.db.trainingCheckpoint.findMany({ where: { jobId }, select: { step: true }, orderBy: { step: 'asc' } })).map((c) => c.step);
  }

  findItem(runId: string, id: string): Promise<EvalRunItem | null> {
    return this.db.evalRunItem.findFirst({ where: { id, runId } });
  }

  /** Every item graded so far, for a resumed run's tallies. */
  gradedItems(runId: string): Promise<Pick<EvalRunItem, 'index' | 'results' | 'passed' | 'error'>[]> {
    return this.db.evalRunItem.findMany({ where: { runId }, orderBy: { index: 'asc' }, select: { index: true, results: true, passed: true, error: true } });
  }

  requestCancel(id: string): Promise<Prisma.BatchPayload> {
    return this.db.evalRun.updateMany({ where: { id, status: { in: [...UNFINISHED_RUN_STATUSES] } }, data: { cancelRequested: true } });
  }

  async cancelRequested(id: string): Promise<boolean> {
    const row = await this.db.evalRun.findUnique({ where: { id }, select: { cancelRequested: true } });
    return row?.cancelRequested ?? true;
  }
}
