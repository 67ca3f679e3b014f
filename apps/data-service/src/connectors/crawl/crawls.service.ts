import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { ConnectorRun } from '../../generated/prisma/client';
import { ConnectorRunsRepository } from '../connector-runs.repository';
import { CrawlSettings } from './crawl-settings';
import { CrawlQueue } from './crawl-queue';

/** Starting and cancelling crawls; the crawling itself is the queued {@link CrawlJob}. */
@Injectable()
export class CrawlsService {
  constructor(
    private readonly runs: ConnectorRunsRepository,
    private readonly queue: CrawlQueue,
  ) {}

  async start(tenantId: string, settings: CrawlSettings): Promise<ConnectorRun> {
    const run = await this.runs.create({
      tenantId,
      kind: 'crawl',
      source: { seeds: settings.seeds, sitemap: settings.sitemap ?? null },
      settings,
      status: 'queued',
    });
    try {
      await this.queue.enqueue({ runId: run.id, tenantId });
    } catch (error) {
      await this.runs.markFailed(run.id, `could not queue the crawl: ${(error as Error).message}`);
      throw error;
    }
    return run;
  }

  async cancel(tenantId: string, id: string): Promise<ConnectorRun> {
    const run = await this.runs.findById(tenantId, id);
    if (!run) throw new NotFoundException(`no connector run ${id}`);
    if (!(await this.runs.cancel(tenantId, id)))
      throw new ConflictException(`connector run ${id} is ${run.status}: only queued or running crawls can be cancelled`);
    return (await this.runs.findById(tenantId, id)) as ConnectorRun;
  }
}
