import { ApiKeyGuard, ListQuery, listPage, listQuerySchema, RequireApiKeyScope, TenantId, ZodValidationPipe } from '@llmchain/platform';
import { Body, Controller, Get, HttpCode, NotFoundException, Param, ParseUUIDPipe, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { corpusView } from '../corpora/corpus.view';
import { ConnectorRunsRepository } from './connector-runs.repository';
import { connectorRunView } from './connector-run.view';
import { importSettings, ImportSettings } from './import-settings';
import { crawlSettings, CrawlSettings } from './crawl/crawl-settings';
import { CrawlsService } from './crawl/crawls.service';
import { ImportsService } from './imports.service';
import { objectStorageSettings, ObjectStorageSettings } from './object-storage/object-storage-settings';
import { ObjectStorageImportsService } from './object-storage/object-storage-imports.service';

/** The slice of the HTTP adapter's response this controller uses. */
type JsonResponse = { status(code: number): { json(body: unknown): void } };

@Controller('connectors')
@UseGuards(ApiKeyGuard)
@RequireApiKeyScope('data')
export class ConnectorsController {
  constructor(
    private readonly imports: ImportsService,
    private readonly objectStorage: ObjectStorageImportsService,
    private readonly crawls: CrawlsService,
    private readonly runs: ConnectorRunsRepository,
  ) {}

  /**
   * Imports one multipart file (CSV, JSONL, Parquet, WARC or WET) as a corpus: 201 with a new corpus, 200 with the
   * tenant's existing one when the documents are the same bytes as an earlier corpus.
   */
  @Post('imports')
  async import(
    @TenantId() tenantId: string,
    @Query(new ZodValidationPipe(importSettings)) settings: ImportSettings,
    @Req() request: IncomingMessage,
    @Res() response: JsonResponse,
  ): Promise<void> {
    const { run, corpus, created } = await this.imports.import(tenantId, request, settings);
    response.status(created ? 201 : 200).json({ run: connectorRunView(run), corpus: { ...corpusView(corpus), created } });
  }

  /**
   * Imports every object under a prefix of an S3-compatible bucket as one corpus, one document per object: 201 with a
   * new corpus, 200 with the tenant's existing one when the documents are the same bytes.
   */
  @Post('object-storage')
  async importBucket(
    @TenantId() tenantId: string,
    @Body(new ZodValidationPipe(objectStorageSettings)) settings: ObjectStorageSettings,
    @Res() response: JsonResponse,
  ): Promise<void> {
    const { run, corpus, created } = await this.objectStorage.import(tenantId, settings);
    response.status(created ? 201 : 200).json({ run: connectorRunView(run), corpus: { ...corpusView(corpus), created } });
  }

  /** Queues a crawl: 202 with the run, whose progress GET /connectors/runs/:id shows. */
  @Post('crawls')
  @HttpCode(202)
  async crawl(@TenantId() tenantId: string, @Body(new ZodValidationPipe(crawlSettings)) settings: CrawlSettings) {
    return connectorRunView(await this.crawls.start(tenantId, settings));
  }

  @Post('runs/:id/cancel')
  @HttpCode(200)
  async cancel(@TenantId() tenantId: string, @Param('id', ParseUUIDPipe) id: string) {
    return connectorRunView(await this.crawls.cancel(tenantId, id));
  }

  /** The tenant's runs, newest first: `?limit=` (1–100, default 20), `?after=<id>`. */
  @Get('runs')
  async list(@TenantId() tenantId: string, @Query(new ZodValidationPipe(listQuerySchema)) query: ListQuery) {
    return listPage(await this.runs.list(tenantId, query), query.limit, connectorRunView);
  }

  @Get('runs/:id')
  async get(@TenantId() tenantId: string, @Param('id', ParseUUIDPipe) id: string) {
    const run = await this.runs.findById(tenantId, id);
    if (!run) throw new NotFoundException(`no connector run ${id}`);
    return connectorRunView(run);
  }
}
