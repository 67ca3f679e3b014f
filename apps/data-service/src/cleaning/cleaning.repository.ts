import { DATABASE, OutboxWriter } from '@llmchain/platform';
import { TOPICS } from '@llmchain/contracts';
import { Inject, Injectable } from '@nestjs/common';
import { CleaningRun, DatasetVersion, Prisma, PrismaClient } from '../generated/prisma/client';

export type NewDatasetVersion = Omit<DatasetVersion, 'datasetId' | 'version' | 'createdAt' | 'lineage' | 'report'> & {
  lineage: Prisma.InputJsonValue;
  report: Prisma.InputJsonValue;
};

/** Cleaning runs, and the one transaction that turns a finished run into a dataset version and its event. */
@Injectable()
export class CleaningRepository {
  constructor(
    @Inject(DATABASE) private readonly db: PrismaClient,
    private readonly outbox: OutboxWriter,
  ) {}

  create(run: Pick<CleaningRun, 'tenantId' | 'datasetName' | 'corpusIds' | 'settingsHash' | 'totalBytes'> & { settings: Prisma.InputJsonValue }) {
    return this.db.cleaningRun.create({ data: run });
  }

  findById(tenantId: string, id: string): Promise<CleaningRun | null> {
    return this.db.cleaningRun.findFirst({ where: { id, tenantId } });
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

  /**
   * In one transaction: the dataset (created on first use), the next version number, the version row, the run marked
   * succeeded, and `dataset.version.ready` in the outbox. Two runs finishing at once on one dataset both get numbers:
   * the loser of the unique (dataset, version) race retries with the next one.
   */
  async publishVersion(run: CleaningRun, version: NewDatasetVersion): Promise<DatasetVersion> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.db.$transaction(async (tx) => {
          const dataset = await tx.dataset.upsert({
            where: { tenantId_name: { tenantId: run.tenantId, name: run.datasetName } },
            create: { tenantId: run.tenantId, name: run.datasetName },
            update: {},
          });
          const latest = await tx.datasetVersion.aggregate({ where: { datasetId: dataset.id }, _max: { version: true } });
          const created = await tx.datasetVersion.create({
            data: { ...version, datasetId: dataset.id, version: (latest._max.version ?? 0) + 1 },
          });
          await tx.cleaningRun.update({
            where: { id: run.id },
            data: { status: 'succeeded', datasetVersionId: created.id, finishedAt: new Date(), bytesProcessed: run.totalBytes },
          });
          await this.outbox.write(tx, [
            {
              topic: TOPICS.datasetVersionReady,
              key: dataset.id,
              data: {
                tenantId: run.tenantId,
                datasetId: dataset.id,
                datasetVersionId: created.id,
                manifestBlobKey: created.manifestBlobKey,
                manifestSha256: created.manifestSha256,
                documents: created.documents,
                bytes: Number(created.bytes),
                estimatedTokens: Number(created.estimatedTokens),
              },
            },
          ]);
          return created;
        });
      } catch (error) {
        const versionTaken = error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
        if (!versionTaken || attempt >= 3) throw error;
      }
    }
  }
}
