import { CleaningSettings } from '@llmchain/data-cleaning';
import { CleaningRun } from '../generated/prisma/client';
import { CleaningRunWire } from './cleaning-run.schemas';

/** A run as the API shows it, with progress as a fraction of the source bytes read. */
export function cleaningRunView(run: CleaningRun) {
  const total = Number(run.totalBytes);
  const processed = Number(run.bytesProcessed);
  return {
    id: run.id,
    datasetName: run.datasetName,
    corpusIds: run.corpusIds,
    status: run.status as CleaningRunWire['status'],
    progress: {
      fraction: total > 0 ? Math.min(1, Math.round((processed / total) * 1000) / 1000) : 0,
      bytesProcessed: processed,
      totalBytes: total,
      documentsProcessed: run.documentsProcessed,
    },
    settings: run.settings as unknown as CleaningSettings,
    settingsHash: run.settingsHash,
    error: run.error,
    datasetVersionId: run.datasetVersionId,
    createdAt: run.createdAt.toISOString(),
    startedAt: run.startedAt?.toISOString() ?? null,
    finishedAt: run.finishedAt?.toISOString() ?? null,
  } satisfies CleaningRunWire;
}
