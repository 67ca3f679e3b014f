import { BLOB_STORE, BlobStore, bindIdempotentContent } from '@llmchain/platform';
import { Inject, Injectable } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { DATA_SERVICE_CONFIG, DataServiceConfig } from '../config/data-service-config';
import { CorporaService } from '../corpora/corpora.service';
import { ConnectorRun, Corpus } from '../generated/prisma/client';
import { ConnectorRunsRepository } from './connector-runs.repository';
import { adoptImport, importWriteLimits } from './adopted-import';
import { writeConnectorCorpus } from './connector-corpus-writer';
import { importItems } from './import-items';
import { ImportSettings } from './import-settings';
import { receiveSourceFile } from './received-source-file';

/**
 * A table or web-archive import: the file is received to a private temporary copy, read as its settings say into a
 * staged JSONL corpus, and adopted like an upload (deduplicated by content, within the storage quota); the connector
 * run records the source file's name, size and SHA-256, the mapping and what was skipped. A refused import leaves no
 * corpus, no blob and no run.
 */
@Injectable()
export class ImportsService {
  constructor(
    private readonly corpora: CorporaService,
    private readonly runs: ConnectorRunsRepository,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    @Inject(DATA_SERVICE_CONFIG) private readonly config: DataServiceConfig,
  ) {}

  async import(
    tenantId: string,
    request: IncomingMessage,
    settings: ImportSettings,
  ): Promise<{ run: ConnectorRun; corpus: Corpus; created: boolean }> {
    await this.corpora.refuseWhenQuotaSpent(tenantId);
    const deadline = Date.now() + this.config.CONNECTOR_MAX_SECONDS * 1000;
    const source = await receiveSourceFile(request, this.config.UPLOAD_MAX_BYTES);
    try {
      await bindIdempotentContent(request, source.sha256);
      const items = importItems(source.path, settings, {
        maxLineBytes: this.config.UPLOAD_MAX_LINE_BYTES,
        maxRowGroupBytes: this.config.CONNECTOR_MAX_ROW_GROUP_BYTES,
        maxHtmlBytes: this.config.CONNECTOR_MAX_HTML_BYTES,
      });
      const written = await writeConnectorCorpus(items, this.blobs, `${source.filename}.jsonl`, importWriteLimits(this.config, deadline));
      return await adoptImport(this.corpora, this.runs, tenantId, written, {
        kind: settings.format,
        source: { filename: source.filename, bytes: source.bytes, sha256: source.sha256 },
        settings,
      });
    } finally {
      await source.remove();
    }
  }
}
