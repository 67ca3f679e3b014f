import { DATABASE } from '@llmchain/platform';
import { Inject, Injectable } from '@nestjs/common';
import { DatasetVersion, PrismaClient } from '../generated/prisma/client';

@Injectable()
export class DatasetsRepository {
  constructor(@Inject(DATABASE) private readonly db: PrismaClient) {}

  findVersion(tenantId: string, id: string): Promise<(DatasetVersion & { dataset: { name: string } }) | null> {
    return this.db.datasetVersion.findFirst({ where: { id, tenantId }, include: { dataset: { select: { name: true } } } });
  }
}
