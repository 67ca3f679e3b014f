import { InvalidInputError } from '../../errors';
import { InferenceModel } from '../session/inference-model';

export interface PerplexityResult {
  /** Mean next-token cross-entropy in nats. */
  loss: number;
  perplexity: number;
  /** Predicted tokens the mean is over. */
  tokens: number;
}

/**
 * Perplexity of a model on a token stream, cut into non-overlapping windows of `windowLength` tokens
 * (each predicts its tokens 2..n from their prefixes). Used to compare a quantized export with fp32.
 */
export async function perplexity(
  model: InferenceModel,
  tokens: ArrayLike<number>,
  windowLength: number,
): Promise<PerplexityResult> {
  const vocab = model.shape.vocabSize;
  if (!(windowLength >= 2 && windowLength <= model.shape.contextLength && tokens.length >= windowLength)) {
    throw new InvalidInputError(
      `perplexity needs 2 <= windowLength (${windowLength}) <= context (${model.shape.contextLength})` +
        ` and at least one window of tokens (${tokens.length})`,
    );
  }
  let total = 0;
  let count = 0;
  for (let start = 0; start + windowLength <= tokens.length; start += windowLength) {
    const window = Array.from({ length: windowLength }, (_, i) => tokens[start + i]);
    model.validatePrompt(window);
    const { logits } = await model.run({
      batch: 1,
      seq: windowLength,
      inputIds: BigInt64Array.from(window, (v) => BigInt(v)),
      attentionMask: BigInt64Array.from(window, () => 1n),
      positionIds: BigInt64Array.from(window, (_, i) => BigInt(i)),
      cache: model.emptyCache(1),
      logitsToKeep: 0,
    });
    for (let t = 0; t < windowLength - 1; t++) {
      const row = logits.subarray(t * vocab, (t + 1) * vocab);
      let max = -Infinity;
      for (const value of row) max = Math.max(max, value);
      let sum = 0;
      for (const value of row) sum += Math.exp(value - max);
      total += max + Math.log(sum) - row[window[t + 1]];
      count++;
    }
  }
  const loss = total / count;
  return { loss, perplexity: Math.exp(loss), tokens: count };
}
