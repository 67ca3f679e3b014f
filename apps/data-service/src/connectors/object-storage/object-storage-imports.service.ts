import { BLOB_STORE, BlobStore } from '@llmchain/platform';
import { HttpException, Inject, Injectable } from '@nestjs/common';
import { DATA_SERVICE_CONFIG, DataServiceConfig } from '../../config/data-service-config';
import { CorporaService } from '../../corpora/corpora.service';
import { ConnectorRun, Corpus } from '../../generated/prisma/client';
import { adoptImport, importWriteLimits } from '../adopted-import';
import { writeConnectorCorpus } from '../connector-corpus-writer';
import { ConnectorRunsRepository } from '../connector-runs.repository';
import { bucketObjectItems, bucketRefused, guardedS3Client } from './bucket-objects';
import { ObjectStorageSettings } from './object-storage-settings';

/**
 * An object-storage import: every object under the prefix read into a staged JSONL corpus (one document per object),
 * adopted like an upload (deduplicated by content, within the storage quota), with the same size and time bounds as
 * the other connectors. The run records the endpoint, bucket, prefix and counts; the credentials live only for the
 * request. A refused import leaves no corpus, no blob and no run.
 */
@Injectable()
export class ObjectStorageImportsService {
  constructor(
    private readonly corpora: CorporaService,
    private readonly runs: ConnectorRunsRepository,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    @Inject(DATA_SERVICE_CONFIG) private readonly config: DataServiceConfig,
  ) {}

  async import(tenantId: string, settings: ObjectStorageSettings): Promise<{ run: ConnectorRun; corpus: Corpus; created: boolean }> {
    await this.corpora.refuseWhenQuotaSpent(tenantId);
    const deadline = Date.now() + this.config.CONNECTOR_MAX_SECONDS * 1000;
    let client;
    try {
      client = guardedS3Client(settings, this.config.CRAWL_ALLOW_PRIVATE_TARGETS);
    } catch (error) {
      throw bucketRefused(error, settings);
    }
    try {
      const items = bucketObjectItems(client, settings, { maxDocumentBytes: this.config.UPLOAD_MAX_DOCUMENT_BYTES });
      const filename = `${settings.bucket}-${settings.prefix.replace(/[^A-Za-z0-9._-]+/g, '_') || 'all'}.jsonl`;
      const written = await writeConnectorCorpus(items, this.blobs, filename, importWriteLimits(this.config, deadline)).catch((error: unknown) => {
        throw error instanceof HttpException ? error : bucketRefused(error, settings);
      });
      return await adoptImport(this.corpora, this.runs, tenantId, written, {
        kind: 's3',
        source: { endpoint: settings.endpoint, bucket: settings.bucket, prefix: settings.prefix },
        settings: { region: settings.region, force_path_style: settings.force_path_style, max_objects: settings.max_objects },
      });
    } finally {
      client.destroy();
    }
  }
}
