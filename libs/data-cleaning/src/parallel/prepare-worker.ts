// Worker thread of ParallelCleaningPipeline: runs the per-document stages (and PII redaction) on batches of documents.
import { parentPort, workerData } from 'node:worker_threads';
import { CleaningSettings } from '../config';
import { SourceDocument } from '../decision';
import { DocumentPreparer, emptyStageTimes, PreparedDocument, STAGES } from '../prepare';
import { Redaction } from '../stages/pii';

export type PrepareRequest = { batch: number; documents: SourceDocument[] };
export type PreparedWithRedaction = PreparedDocument & { precomputedRedaction?: Redaction };
export type PrepareResponse = { batch: number; prepared: PreparedWithRedaction[]; stageMs: Record<string, number> };

const preparer = new DocumentPreparer((workerData as { settings: CleaningSettings }).settings);

parentPort?.on('message', ({ batch, documents }: PrepareRequest) => {
  const before = { ...preparer.stageMs };
  // Redacting here, before dedup, spends PII time on documents dedup will drop, but keeps the main thread free.
  const prepared = documents.map((document): PreparedWithRedaction => {
    const result: PreparedWithRedaction = preparer.prepare(document);
    if (!result.removal) result.precomputedRedaction = preparer.redact(result);
    return result;
  });
  const stageMs = emptyStageTimes();
  for (const stage of STAGES) stageMs[stage] = preparer.stageMs[stage] - before[stage];
  parentPort?.postMessage({ batch, prepared, stageMs } satisfies PrepareResponse);
});
