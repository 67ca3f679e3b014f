import { DataServiceConfig } from '../config/data-service-config';
import { CorporaService } from '../corpora/corpora.service';
import { ConnectorRun, Corpus } from '../generated/prisma/client';
import { CorpusWriteLimits, WrittenCorpus } from './connector-corpus-writer';
import { ConnectorRunsRepository } from './connector-runs.repository';

/** The corpus bounds every synchronous import writes under (an upload's), stopping at `deadline`. */
export function importWriteLimits(config: DataServiceConfig, deadline: number): CorpusWriteLimits {
  return {
    maxDocumentBytes: config.UPLOAD_MAX_DOCUMENT_BYTES,
    maxLineBytes: config.UPLOAD_MAX_LINE_BYTES,
    maxCorpusBytes: config.UPLOAD_MAX_DECOMPRESSED_BYTES,
    deadline,
  };
}

/**
 * A synchronous import's end: the written corpus adopted like an upload (deduplicated by content, within the quota)
 * and its run recorded as succeeded, with what the source was and how it was read.
 */
export async function adoptImport(
  corpora: CorporaService,
  runs: ConnectorRunsRepository,
  tenantId: string,
  written: WrittenCorpus,
  run: { kind: string; source: object; settings: object },
): Promise<{ run: ConnectorRun; corpus: Corpus; created: boolean }> {
  const { corpus, created } = await corpora.adopt(tenantId, written);
  const recorded = await runs.create({
    tenantId,
    ...run,
    status: 'succeeded',
    documents: written.documents,
    skipped: written.skipped,
    corpusId: corpus.id,
    finishedAt: new Date(),
  });
  return { run: recorded, corpus, created };
}
