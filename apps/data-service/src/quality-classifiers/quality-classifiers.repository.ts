import { DATABASE, keysetPage, ListQuery, NEWEST_FIRST } from '@llmchain/platform';
import { Inject, Injectable } from '@nestjs/common';
import { Prisma, PrismaClient, QualityClassifier } from '../generated/prisma/client';

/** Quality classifier versions, and the approved labels they train on; always within one tenant. */
@Injectable()
export class QualityClassifiersRepository {
  constructor(@Inject(DATABASE) private readonly db: PrismaClient) {}

  /** Each labelled task of the project with the labels its approved annotations gave it. */
  async approvedLabels(projectId: string): Promise<{ text: string; labels: string[] }[]> {
    const tasks = await this.db.annotationTask.findMany({
      where: { projectId, annotations: { some: { reviewStatus: 'approved', label: { not: null } } } },
      select: { text: true, annotations: { where: { reviewStatus: 'approved', label: { not: null } }, select: { label: true } } },
    });
    return tasks.map((task) => ({ text: task.text, labels: task.annotations.map((annotation) => annotation.label as string) }));
  }

  /** Inserts the next version of the project's classifier (version numbers taken under the unique key, retried once). */
  async insertNextVersion(data: Omit<Prisma.QualityClassifierUncheckedCreateInput, 'version'>): Promise<QualityClassifier> {
    for (let attempt = 0; ; attempt++) {
      const { _max } = await this.db.qualityClassifier.aggregate({
        where: { tenantId: data.tenantId, projectId: data.projectId },
        _max: { version: true },
      });
      try {
        return await this.db.qualityClassifier.create({ data: { ...data, version: (_max.version ?? 0) + 1 } });
      } catch (error) {
        const raced = error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
        if (!raced || attempt > 0) throw error;
      }
    }
  }

  findById(tenantId: string, id: string): Promise<QualityClassifier | null> {
    return this.db.qualityClassifier.findFirst({ where: { id, tenantId } });
  }

  /** Newest first, `limit + 1` versions after the one `after` names (one of the tenant's). */
  list(tenantId: string, query: ListQuery): Promise<QualityClassifier[]> {
    return keysetPage(query, NEWEST_FIRST, {
      find: (id) => this.findById(tenantId, id),
      rows: ({ after, orderBy, take }) => this.db.qualityClassifier.findMany({ where: { AND: [{ tenantId }, after] }, orderBy, take }),
    });
  }
}
