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
/** `precomputedRedaction`: set only when the redaction replaced something (otherwise the text goes out as it is). */
export type PreparedWithRedaction = PreparedDocument & { precomputedRedaction?: Redaction };
/**
 * `prepared`: in batch order. Every text crosses between threads as a copy, so only the texts the main thread will use
 * come back: none for a removed document (its decision never shows it), none where the stages left the text as it came
 * (`unchangedText` lists those indexes: the main thread still holds the source), and only the redacted text of a
 * redacted document unless the caller reads the text before redaction (`readsTextBeforeRedaction`).
 */
export type PrepareResponse = { batch: number; prepared: PreparedWithRedaction[]; unchangedText: number[]; stageMs: Record<string, number> };

export type PrepareWorkerData = {
  settings: CleaningSettings;
  qualityModel?: QualityModel;
  readsTextBeforeRedaction: boolean;
  slots: Int32Array;
  startedAt: Float64Array;
};

const { settings, qualityModel, readsTextBeforeRedaction, slots, startedAt } = workerData as PrepareWorkerData;
const preparer = new DocumentPreparer(settings, qualityModel);

/** 'close': the main thread is done with this worker, which ends once the batches sent before it are answered. */
export type PrepareMessage = PrepareRequest | 'close';

parentPort?.on('message', (message: PrepareMessage) => {
  if (message === 'close') return parentPort?.close();
  const { batch, documents, removed } = message;
  const before = { ...preparer.stageMs };
  const unchangedText: number[] = [];
  // Redacting here, before dedup, spends PII time on documents dedup will drop, but keeps the main thread free.
  const prepared = documents.map((document, index): PreparedWithRedaction => {
    const decided = removed?.[index];
    if (decided) return { id: document.id, text: '', metadata: document.metadata, inputBytes: Buffer.byteLength(document.text), labels: {}, removal: decided };
    markDocument(slots, startedAt, batch, index);
    const result: PreparedWithRedaction = preparer.prepare(document);
    const redaction = result.removal ? undefined : preparer.redact(result);
    markIdle(slots);
    if (result.removal) return { ...result, text: '' };
    if (redaction && redaction.total > 0) {
      result.precomputedRedaction = redaction;
      if (!readsTextBeforeRedaction) result.text = '';
    } else if (result.text === document.text) {
      unchangedText.push(index);
      result.text = '';
    }
    return result;
  });
  const stageMs = emptyStageTimes();
  for (const stage of STAGES) stageMs[stage] = preparer.stageMs[stage] - before[stage];
  parentPort?.postMessage({ batch, prepared, unchangedText, stageMs } satisfies PrepareResponse);
});
