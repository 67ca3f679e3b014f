import { BLOB_STORE, BlobStore } from '@llmchain/platform';
import { Inject, Injectable } from '@nestjs/common';
import { DATA_SERVICE_CONFIG, DataServiceConfig } from '../../config/data-service-config';
import { CorporaService } from '../../corpora/corpora.service';
import { writeConnectorCorpus } from '../connector-corpus-writer';
import { ConnectorRunsRepository } from '../connector-runs.repository';
import { ImportedItem } from '../import-settings';
import { crawlSettings } from './crawl-settings';
import { CrawlJobPayload } from './crawl.job-payload';
import { PageMemory } from './page-fetcher';
import { SiteCrawler } from './site-crawler';

const PROGRESS_EVERY_MS = 500;

class CrawlCancelled extends Error {}

/**
 * One crawl run: the crawler's pages stream into a staged JSONL corpus, progress and skip counts are recorded every
 * half second (and a cancel noticed then), and at the end the corpus is adopted like an upload and the run finished
 * with the pages' validators in one transaction. A cancelled or failed crawl leaves no corpus and no blob.
 */
@Injectable()
export class CrawlJob {
  constructor(
    private readonly runs: ConnectorRunsRepository,
    private readonly corpora: CorporaService,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    @Inject(DATA_SERVICE_CONFIG) private readonly config: DataServiceConfig,
  ) {}

  async execute({ runId, tenantId }: CrawlJobPayload): Promise<void> {
    const run = await this.runs.findById(tenantId, runId);
    if (!run || !(await this.runs.markRunning(run.id))) return;
    try {
      const settings = crawlSettings.parse(run.settings);
      const origins = [...settings.seeds, ...(settings.sitemap ? [settings.sitemap] : [])].map((url) => `${new URL(url).origin}/`);
      const previous = await this.runs.crawledPages(tenantId, origins);
      const deadline = Date.now() + this.config.CONNECTOR_MAX_SECONDS * 1000;
      const crawler = new SiteCrawler(settings, {
        allowPrivate: this.config.CRAWL_ALLOW_PRIVATE_TARGETS,
        deadline,
        previousPages: new Map(
          previous.map((page) => [page.url, { etag: page.etag ?? undefined, lastModified: page.lastModified ?? undefined, links: page.links }]),
        ),
      });
      const skipped: Record<string, number> = {};
      const written = await writeConnectorCorpus(this.watched(run.id, crawler, skipped), this.blobs, `crawl-${run.id}.jsonl`, {
        maxDocumentBytes: this.config.UPLOAD_MAX_DOCUMENT_BYTES,
        maxLineBytes: this.config.UPLOAD_MAX_LINE_BYTES,
        maxCorpusBytes: this.config.UPLOAD_MAX_DECOMPRESSED_BYTES,
        // The crawler stops itself at the deadline and lets its last pages finish; this only catches a hang.
        deadline: deadline + settings.limits.pageTimeoutMs * 2,
        allowEmpty: true,
      });
      const adopted = written ? await this.corpora.adopt(tenantId, written) : null;
      const fetchedAt = new Date();
      await this.runs.markSucceeded(
        run,
        { progress: crawler.progress, documents: written?.documents ?? 0, skipped: written?.skipped ?? skipped, corpusId: adopted?.corpus.id ?? null },
        [...crawler.pages].map(([url, page]: [string, PageMemory]) => ({ url, ...page, fetchedAt })),
      );
    } catch (error) {
      if (error instanceof CrawlCancelled) return;
      await this.runs.markFailed(run.id, (error as Error).message);
      throw error;
    }
  }

  /** The crawler's items, with progress recorded and a cancel checked every half second and once at the end. */
  private async *watched(runId: string, crawler: SiteCrawler, skipped: Record<string, number>): AsyncGenerator<ImportedItem> {
    let documents = 0;
    let lastCheck = Date.now();
    for await (const item of crawler.crawl()) {
      if ('skipped' in item) skipped[item.skipped] = (skipped[item.skipped] ?? 0) + 1;
      else documents++;
      yield item;
      if (Date.now() - lastCheck >= PROGRESS_EVERY_MS) {
        lastCheck = Date.now();
        if (await this.runs.isCancelled(runId)) {
          crawler.stop('cancelled');
          throw new CrawlCancelled();
        }
        await this.runs.recordProgress(runId, crawler.progress, documents, skipped);
      }
    }
    if (await this.runs.isCancelled(runId)) throw new CrawlCancelled();
  }
}
