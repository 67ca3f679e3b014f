// Worker thread of ParallelCleaningPipeline: runs the per-document stages (and PII redaction) on batches of documents.
import { parentPort, workerData } from 'node:worker_threads';
import { QualityModel } from '../classifier/logistic-regression';
import { CleaningSettings } from '../config';
import { Removal, SourceDocument } from '../decision';
import { DocumentPreparer, emptyStageTimes, PreparedDocument, STAGES } from '../prepare';
import { Redaction } from '../stages/pii';
import { markDocument, markIdle } from './worker-progress';

/** `removed`: documents the main thread already decided (by index in the batch), say because one ran past its budget. */
export type PrepareRequest = { batch: number; documents: SourceDocument[]; removed?: Record<number, Removal> };
export type PreparedWithRedaction = PreparedDocument & { precomputedRedaction?: Redaction };
export type PrepareResponse = { batch: number; prepared: PreparedWithRedaction[]; stageMs: Record<string, number> };

const { settings, qualityModel, slots, startedAt } = workerData as {
  settings: CleaningSettings;
  qualityModel?: QualityModel;
  slots: Int32Array;
  startedAt: Float64Array;
};
const preparer = new DocumentPreparer(settings, qualityModel);

parentPort?.on('message', ({ batch, documents, removed }: PrepareRequest) => {
  const before = { ...preparer.stageMs };
  // Redacting here, before dedup, spends PII time on documents dedup will drop, but keeps the main thread free.
  const prepared = documents.map((document, index): PreparedWithRedaction => {
    const decided = removed?.[index];
    if (decided) return { id: document.id, text: '', metadata: document.metadata, inputBytes: Buffer.byteLength(document.text), labels: {}, removal: decided };
    markDocument(slots, startedAt, batch, index);
    const result: PreparedWithRedaction = preparer.prepare(document);
    if (!result.removal) result.precomputedRedaction = preparer.redact(result);
    markIdle(slots);
    return result;
  });
  const stageMs = emptyStageTimes();
  for (const stage of STAGES) stageMs[stage] = preparer.stageMs[stage] - before[stage];
  parentPort?.postMessage({ batch, prepared, stageMs } satisfies PrepareResponse);
});
