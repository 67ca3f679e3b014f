import { EvalModel } from './eval-models';

/**
 * The summed log-probability of `continuation` given `context` (lm-evaluation-harness's loglikelihood request): one
 * forward pass over context + continuation, each continuation token scored by the log-softmax of the logits at the
 * position before it.
 */
export async function continuationLogLikelihood({ model, adapter }: EvalModel, context: readonly number[], continuation: readonly number[]): Promise<number> {
  const ids = [...context, ...continuation];
  model.validatePrompt(ids);
  const vocab = model.shape.vocabSize;
  const { logits } = await model.run({
    batch: 1,
    seq: ids.length,
    inputIds: BigInt64Array.from(ids, (v) => BigInt(v)),
    attentionMask: BigInt64Array.from(ids, () => 1n),
    positionIds: BigInt64Array.from(ids, (_, i) => BigInt(i)),
    cache: model.emptyCache(1),
    logitsToKeep: 0,
    adapters: adapter ? [adapter] : undefined,
  });
  let total = 0;
  for (let t = context.length - 1; t < ids.length - 1; t++) {
    const row = logits.subarray(t * vocab, (t + 1) * vocab);
    let max = -Infinity;
    for (const value of row) max = Math.max(max, value);
    let sum = 0;
    for (const value of row) sum += Math.exp(value - max);
    total += row[ids[t + 1]] - max - Math.log(sum);
  }
  return total;
}
