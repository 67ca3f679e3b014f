import { HuggingFaceGraphSession } from '../session/hugging-face-graph';
import { InferenceModel } from '../session/inference-model';

const int64 = (values: number[]) => BigInt64Array.from(values, (v) => BigInt(v));

/** Equal-length rows as one batch: ids, an all-ones mask and positions 0..seq-1. */
function batchInputs(rows: number[][]) {
  const flat = rows.flat();
  return {
    batch: rows.length,
    seq: rows[0].length,
    inputIds: int64(flat),
    attentionMask: int64(flat.map(() => 1)),
    positionIds: int64(rows.flatMap((row) => row.map((_, i) => i))),
  };
}

/**
 * Logits [rows, seq, vocab] (or only the last `keep` positions) of whole sequences, no cache,
 * through either exported graph.
 */
export async function wholeSequenceLogits(
  runner: HuggingFaceGraphSession | InferenceModel,
  rows: number[][],
  keep = 0,
): Promise<Float32Array> {
  const inputs = { ...batchInputs(rows), logitsToKeep: keep };
  if (runner instanceof HuggingFaceGraphSession) return (await runner.forward(inputs)).logits;
  return (await runner.run({ ...inputs, cache: runner.emptyCache(rows.length) })).logits;
}
