import { DATABASE, keysetPage, ListQuery, NEWEST_FIRST } from '@llmchain/platform';
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

  /** queued → running; false when the run is not queued any more (cancelled, or taken by another attempt). */
  async markRunning(id: string): Promise<boolean> {
    const { count } = await this.db.connectorRun.updateMany({ where: { id, status: 'queued' }, data: { status: 'running' } });
    return count === 1;
  }

  async recordProgress(id: string, progress: object, documents: number, skipped: object): Promise<void> {
    await this.db.connectorRun.updateMany({ where: { id, status: 'running' }, data: { progress, documents, skipped } });
  }

  /** Whether a cancel arrived: the job polls this between pages. */
  async isCancelled(id: string): Promise<boolean> {
    return (await this.db.connectorRun.findUnique({ where: { id }, select: { status: true } }))?.status === 'cancelled';
  }

  /** Cancels a queued or running run; false when it had already finished. */
  async cancel(tenantId: string, id: string): Promise<boolean> {
    const { count } = await this.db.connectorRun.updateMany({
      where: { id, tenantId, status: { in: ['queued', 'running'] } },
      data: { status: 'cancelled', finishedAt: new Date() },
    });
    return count === 1;
  }

  /**
   * Finishes a running crawl with its corpus (none when it found no new document) and stores the validators of the pages
   * it fetched, in one transaction. False when the run was cancelled meanwhile (nothing is written then).
   */
  async markSucceeded(
    run: { id: string; tenantId: string },
    outcome: { progress: object; documents: number; skipped: object; corpusId: string | null },
    pages: { url: string; etag?: string; lastModified?: string; links: string[]; fetchedAt: Date }[],
  ): Promise<boolean> {
    return this.db.$transaction(async (tx) => {
      const { count } = await tx.connectorRun.updateMany({
        where: { id: run.id, status: 'running' },
        data: { ...outcome, status: 'succeeded', finishedAt: new Date() },
      });
      if (count === 0) return false;
      for (const page of pages) {
        const validators = { etag: page.etag ?? null, lastModified: page.lastModified ?? null, links: page.links, fetchedAt: page.fetchedAt };
        await tx.crawledPage.upsert({
          where: { tenantId_url: { tenantId: run.tenantId, url: page.url } },
          create: { tenantId: run.tenantId, url: page.url, ...validators },
          update: validators,
        });
      }
      return true;
    });
  }

  async markFailed(id: string, error: string): Promise<void> {
    await this.db.connectorRun.updateMany({ where: { id, status: { in: ['queued', 'running'] } }, data: { status: 'failed', error, finishedAt: new Date() } });
  }

  /** Validators of the tenant's earlier crawls for these hosts' pages. */
  async crawledPages(tenantId: string, urlPrefixes: string[]) {
    return this.db.crawledPage.findMany({ where: { tenantId, OR: urlPrefixes.map((prefix) => ({ url: { startsWith: prefix } })) } });
  }

  /** Newest first, `limit + 1` runs after the one `after` names (one of the tenant's). */
  list(tenantId: string, query: ListQuery): Promise<ConnectorRun[]> {
    return keysetPage(query, NEWEST_FIRST, {
      find: (id) => this.findById(tenantId, id),
      rows: ({ after, orderBy, take }) => this.db.connectorRun.findMany({ where: { AND: [{ tenantId }, after] }, orderBy, take }),
    });
  }
}
