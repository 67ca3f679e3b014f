import type { DatasetVersionReadyV1 } from '@llmchain/contracts';
import { DATABASE } from '@llmchain/platform';
import { Inject, Injectable } from '@nestjs/common';
import { DatasetVersionReplica, Prisma, PrismaClient } from '../generated/prisma/client';

/** training-service's record of the dataset versions data-service has published. */
@Injectable()
export class DatasetVersionsRepository {
  constructor(@Inject(DATABASE) private readonly db: PrismaClient) {}

  /** Versions are immutable, so a redelivered or replayed announcement changes nothing. */
  async record(tx: Prisma.TransactionClient, data: DatasetVersionReadyV1['data']): Promise<void> {
    await tx.datasetVersionReplica.upsert({
      where: { id: data.datasetVersionId },
      create: {
        id: data.datasetVersionId,
        tenantId: data.tenantId,
        datasetId: data.datasetId,
        manifestBlobKey: data.manifestBlobKey,
        manifestSha256: data.manifestSha256,
        documents: data.documents,
        bytes: BigInt(data.bytes),
        estimatedTokens: BigInt(data.estimatedTokens),
      },
      update: {},
    });
  }

  /** The tenant's ready version, or null: another tenant's id is indistinguishable from an unknown one. */
  findForTenant(tenantId: string, id: string): Promise<DatasetVersionReplica | null> {
    return this.db.datasetVersionReplica.findFirst({ where: { id, tenantId } });
  }
}
