import { InferenceModel, ResidentAdapter } from '@llmchain/model-runtime';

/** A token's log-probability under the model, with the most likely alternatives at its position. */
export interface TokenLogprob {
  token: number;
  logprob: number;
  /** The `topCount` most likely tokens, most likely first. */
  top: { token: number; logprob: number }[];
}

/**
 * log softmax(row)[token] and the top alternatives, in float64: the model's own distribution, before temperature,
 * top-p or a structured-output mask (as OpenAI and vLLM report it), so the numbers are comparable across requests.
 */
export function tokenLogprob(row: Float32Array, token: number, topCount: number): TokenLogprob {
  let max = -Infinity;
  for (let i = 0; i < row.length; i++) if (row[i] > max) max = row[i];
  let sum = 0;
  for (let i = 0; i < row.length; i++) sum += Math.exp(row[i] - max);
  const logNormalizer = max + Math.log(sum);
  return { token, logprob: row[token] - logNormalizer, top: topIds(row, topCount).map((id) => ({ token: id, logprob: row[id] - logNormalizer })) };
}

/** The `count` ids with the largest values, largest first (ties to the lower id); count is at most 20. */
function topIds(row: Float32Array, count: number): number[] {
  const best: number[] = [];
  for (let id = 0; id < row.length && count > 0; id++) {
    if (best.length === count && row[id] <= row[best[count - 1]]) continue;
    let at = Math.min(best.length, count - 1);
    while (at > 0 && row[best[at - 1]] < row[id]) at--;
    best.splice(at, 0, id);
    if (best.length > count) best.pop();
  }
  return best;
}

/**
 * Each prompt token's log-probability given the tokens before it, from one run over the whole prompt (the first
 * has no context: null, as OpenAI's echo reports it). The prompt fits the context, so the run is bounded by it.
 */
export async function promptLogprobs(model: InferenceModel, adapter: ResidentAdapter | undefined, ids: number[], topCount: number): Promise<(TokenLogprob | null)[]> {
  const { logits } = await model.run({
    batch: 1,
    seq: ids.length,
    inputIds: BigInt64Array.from(ids, (id) => BigInt(id)),
    attentionMask: new BigInt64Array(ids.length).fill(1n),
    positionIds: BigInt64Array.from(ids, (_, i) => BigInt(i)),
    cache: model.emptyCache(1),
    logitsToKeep: 0,
    adapters: [adapter],
  });
  const vocab = model.shape.vocabSize;
  return ids.map((id, i) => (i === 0 ? null : tokenLogprob(logits.subarray((i - 1) * vocab, i * vocab), id, topCount)));
}
