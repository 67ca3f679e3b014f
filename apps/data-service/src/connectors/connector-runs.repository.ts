import { DATABASE } from '@llmchain/platform';
import { Inject, Injectable } from '@nestjs/common';
import { ConnectorRun, Prisma, PrismaClient } from '../generated/prisma/client';

/** Connector runs, always looked up within one tenant. */
@Injectable()
export class ConnectorRunsRepository {
  constructor(@Inject(DATABASE) private readonly db: PrismaClient) {}

  create(data: Prisma.ConnectorRunUncheckedCreateInput): Promise<ConnectorRun> {
    return this.db.connectorRun.create({ data });
  }

  findById(tenantId: string, id: string): Promise<ConnectorRun | null> {
    return this.db.connectorRun.findFirst({ where: { id, tenantId } });
  }

  list(tenantId: string): Promise<ConnectorRun[]> {
    return this.db.connectorRun.findMany({ where: { tenantId }, orderBy: { createdAt: 'desc' }, take: 100 });
  }
}
