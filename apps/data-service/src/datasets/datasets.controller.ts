import { ApiKeyGuard, BLOB_STORE, BlobStore, RequireApiKeyScope, TenantId, ZodValidationPipe, ListQuery, listPage, listQuerySchema } from '@llmchain/platform';
import { Controller, Get, Inject, NotFoundException, Param, ParseUUIDPipe, Query, StreamableFile, UseGuards } from '@nestjs/common';
import { DatasetVersionSummaryWire, DatasetVersionWire } from './dataset-version.schemas';
import { DatasetsRepository } from './datasets.repository';

@Controller('dataset-versions')
@UseGuards(ApiKeyGuard)
@RequireApiKeyScope('data')
export class DatasetsController {
  constructor(
    private readonly datasets: DatasetsRepository,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
  ) {}

  /** The tenant's versions, newest first, without lineage and report: `?limit=` (1–100, default 20), `?after=<id>`. */
  @Get()
  async list(@TenantId() tenantId: string, @Query(new ZodValidationPipe(listQuerySchema)) query: ListQuery) {
    return listPage(await this.datasets.listVersions(tenantId, query), query.limit, (version) => ({
      id: version.id,
      datasetId: version.datasetId,
      datasetName: version.dataset.name,
      version: version.version,
      documents: version.documents,
      bytes: Number(version.bytes),
      estimatedTokens: Number(version.estimatedTokens),
      createdAt: version.createdAt.toISOString(),
    }) satisfies DatasetVersionSummaryWire);
  }

  /** The version with its lineage and cleaning report. */
  @Get(':id')
  async get(@TenantId() tenantId: string, @Param('id', ParseUUIDPipe) id: string) {
    const version = await this.load(tenantId, id);
    return {
      id: version.id,
      datasetId: version.datasetId,
      datasetName: version.dataset.name,
      version: version.version,
      manifestBlobKey: version.manifestBlobKey,
      manifestSha256: version.manifestSha256,
      documents: version.documents,
      bytes: Number(version.bytes),
      estimatedTokens: Number(version.estimatedTokens),
      lineage: version.lineage as Record<string, unknown>,
      report: version.report as unknown as DatasetVersionWire['report'],
      createdAt: version.createdAt.toISOString(),
    } satisfies DatasetVersionWire;
  }

  /** The manifest: shards with their keys, sizes and SHA-256, and the decisions file. */
  @Get(':id/manifest')
  async manifest(@TenantId() tenantId: string, @Param('id', ParseUUIDPipe) id: string) {
    const version = await this.load(tenantId, id);
    return new StreamableFile(this.blobs.openRead(version.manifestBlobKey), { type: 'application/json' });
  }

  /** One decision per source document (JSONL): kept, redacted with PII counts, or removed with rule and figure. */
  @Get(':id/decisions')
  async decisions(@TenantId() tenantId: string, @Param('id', ParseUUIDPipe) id: string) {
    const version = await this.load(tenantId, id);
    const key = version.manifestBlobKey.replace(/manifest\.json$/, 'decisions.jsonl');
    return new StreamableFile(this.blobs.openRead(key), { type: 'application/x-ndjson' });
  }

  private async load(tenantId: string, id: string) {
    const version = await this.datasets.findVersion(tenantId, id);
    if (!version) throw new NotFoundException(`no dataset version ${id}`);
    return version;
  }
}
