import { InferenceModel } from '@llmchain/model-runtime';
import { Tokenizer } from '@llmchain/tokenizer';

/**
 * A model directory's mean next-token cross-entropy on documents, computed apart from training: the documents
 * encoded here with the directory's tokenizer (text, then end-of-text), logits from the exported decoder-step graph
 * serving runs, log-softmax in float64 here. Scores the first `windows` windows of seqLen + 1 tokens (consecutive,
 * sharing their boundary token), the windows a training job's evaluator scores.
 */
export async function referenceLoss(dir: string, texts: string[], seqLen: number, windows: (available: number) => number): Promise<number> {
  const [model, tokenizer] = await Promise.all([InferenceModel.load(dir), Tokenizer.load(dir)]);
  const tokens = texts.flatMap((text) => [...tokenizer.encode(text, { allowedSpecial: 'none' }), tokenizer.eosTokenId!]);
  const count = windows(Math.floor((tokens.length - 1) / seqLen));
  const vocab = model.shape.vocabSize;
  let total = 0;
  for (let w = 0; w < count; w++) {
    const window = tokens.slice(w * seqLen, w * seqLen + seqLen + 1);
    const { logits } = await model.run({
      batch: 1,
      seq: seqLen,
      inputIds: BigInt64Array.from(window.slice(0, seqLen), BigInt),
      attentionMask: new BigInt64Array(seqLen).fill(1n),
      positionIds: BigInt64Array.from({ length: seqLen }, (_, i) => BigInt(i)),
      cache: model.emptyCache(1),
      logitsToKeep: 0,
    });
    for (let t = 0; t < seqLen; t++) {
      const row = logits.subarray(t * vocab, (t + 1) * vocab);
      const max = row.reduce((a, b) => Math.max(a, b), -Infinity);
      const logSum = Math.log(row.reduce((a, v) => a + Math.exp(v - max), 0)) + max;
      total += logSum - row[window[t + 1]];
    }
  }
  return total / (count * seqLen);
}
