import { TOPICS } from '@llmchain/contracts';
import { DATABASE, keysetPage, ListQuery, NEWEST_FIRST, OutboxWriter } from '@llmchain/platform';
import { Inject, Injectable } from '@nestjs/common';
import { DatasetVersion, Prisma, PrismaClient } from '../generated/prisma/client';

export type NewDatasetVersion = Omit<DatasetVersion, 'datasetId' | 'version' | 'createdAt' | 'lineage' | 'report'> & {
  lineage: Prisma.InputJsonValue;
  report: Prisma.InputJsonValue;
};

/** Datasets and their immutable versions: versions are only ever inserted, each with its `dataset.version.ready`. */
@Injectable()
export class DatasetsRepository {
  constructor(
    @Inject(DATABASE) private readonly db: PrismaClient,
    private readonly outbox: OutboxWriter,
  ) {}

  findVersion(tenantId: string, id: string): Promise<(DatasetVersion & { dataset: { name: string } }) | null> {
    return this.db.datasetVersion.findFirst({ where: { id, tenantId }, include: { dataset: { select: { name: true } } } });
  }

  /** Newest first, `limit + 1` versions after the one `after` names (one of the tenant's). */
  listVersions(tenantId: string, query: ListQuery): Promise<(DatasetVersion & { dataset: { name: string } })[]> {
    return keysetPage(query, NEWEST_FIRST, {
      find: (id) => this.db.datasetVersion.findFirst({ where: { id, tenantId }, select: { createdAt: true, id: true } }),
      rows: ({ after, orderBy, take }) =>
        this.db.datasetVersion.findMany({ where: { AND: [{ tenantId }, after] }, orderBy, take, include: { dataset: { select: { name: true } } } }),
    });
  }

  /**
   * In one transaction: the dataset (created on first use), the next version number, the version row, whatever the
   * caller records with it (`alongside`), and `dataset.version.ready` in the outbox. When two versions of one dataset
   * are published at once, the loser of the unique (dataset, version) race retries with the next number.
   */
  async publishVersion(
    tenantId: string,
    datasetName: string,
    version: NewDatasetVersion,
    alongside: (tx: Prisma.TransactionClient, created: DatasetVersion) => Promise<unknown> = async () => undefined,
  ): Promise<DatasetVersion> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.db.$transaction(async (tx) => {
          const dataset = await tx.dataset.upsert({
            where: { tenantId_name: { tenantId, name: datasetName } },
            create: { tenantId, name: datasetName },
            update: {},
          });
          const latest = await tx.datasetVersion.aggregate({ where: { datasetId: dataset.id }, _max: { version: true } });
          const created = await tx.datasetVersion.create({
            data: { ...version, tenantId, datasetId: dataset.id, version: (latest._max.version ?? 0) + 1 },
          });
          await alongside(tx, created);
          await this.outbox.write(tx, [
            {
              topic: TOPICS.datasetVersionReady,
              key: dataset.id,
              data: {
                tenantId,
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
