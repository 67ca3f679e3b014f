import { DATABASE, keysetPage, ListQuery, lockTenantLimit, NEWEST_FIRST } from '@llmchain/platform';
import { Inject, Injectable } from '@nestjs/common';
import { CleaningRun, Prisma, PrismaClient } from '../generated/prisma/client';

/** Cleaning runs: created queued, then running with progress, then failed or (with their version) succeeded. */
@Injectable()
export class CleaningRepository {
  constructor(@Inject(DATABASE) private readonly db: PrismaClient) {}

  /**
   * Creates the run queued, unless the tenant already has `maxUnfinished` runs queued or running: then returns how
   * many it has, and creates nothing.
   */
  createWithinLimit(
    run: Pick<CleaningRun, 'tenantId' | 'datasetName' | 'corpusIds' | 'settingsHash' | 'totalBytes'> & { settings: Prisma.InputJsonValue },
    maxUnfinished: number,
  ): Promise<{ created: CleaningRun } | { unfinished: number }> {
    return this.db.$transaction(async (tx) => {
      await lockTenantLimit(tx, 'cleaning-runs', run.tenantId);
      const unfinished = await tx.cleaningRun.count({ where: { tenantId: run.tenantId, status: { in: ['queued', 'running'] } } });
      if (unfinished >= maxUnfinished) return { unfinished };
      return { created: await tx.cleaningRun.create({ data: run }) };
    });
  }

  findById(tenantId: string, id: string): Promise<CleaningRun | null> {
    return this.db.cleaningRun.findFirst({ where: { id, tenantId } });
  }

  /** Newest first, `limit + 1` rows after the one `after` names (one of the tenant's). */
  list(tenantId: string, query: ListQuery): Promise<CleaningRun[]> {
    return keysetPage(query, NEWEST_FIRST, {
      find: (id) => this.findById(tenantId, id),
      rows: ({ after, orderBy, take }) => this.db.cleaningRun.findMany({ where: { AND: [{ tenantId }, after] }, orderBy, take }),
    });
  }

  async markRunning(id: string): Promise<void> {
    await this.db.cleaningRun.update({
      where: { id },
      data: { status: 'running', startedAt: new Date(), bytesProcessed: 0, documentsProcessed: 0, error: null },
    });
  }

  async recordProgress(id: string, bytesProcessed: number, documentsProcessed: number): Promise<void> {
    await this.db.cleaningRun.update({ where: { id }, data: { bytesProcessed: BigInt(bytesProcessed), documentsProcessed } });
  }

  async markFailed(id: string, error: string): Promise<void> {
    await this.db.cleaningRun.update({ where: { id }, data: { status: 'failed', error, finishedAt: new Date() } });
  }

  /** Inside the transaction that publishes the run's dataset version. */
  async markSucceeded(tx: Prisma.TransactionClient, run: CleaningRun, datasetVersionId: string): Promise<void> {
    await tx.cleaningRun.update({
      where: { id: run.id },
      data: { status: 'succeeded', datasetVersionId, finishedAt: new Date(), bytesProcessed: run.totalBytes },
    });
  }
}
