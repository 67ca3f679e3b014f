import { DATABASE } from '@llmchain/platform';
import { Inject, Injectable } from '@nestjs/common';
import { ContaminationReport, Prisma, PrismaClient } from '../generated/prisma/client';

/** Stored contamination reports; every read is scoped to a tenant. */
@Injectable()
export class ContaminationRepository {
  constructor(@Inject(DATABASE) private readonly db: PrismaClient) {}

  create(data: Prisma.ContaminationReportUncheckedCreateInput): Promise<ContaminationReport> {
    return this.db.contaminationReport.create({ data });
  }

  /** At most 100: a version is not compared with more evaluation sets than that in practice. */
  forVersion(tenantId: string, versionId: string): Promise<ContaminationReport[]> {
    return this.db.contaminationReport.findMany({
      where: { tenantId, OR: [{ datasetVersionId: versionId }, { againstVersionId: versionId }] },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: 100,
    });
  }
}
