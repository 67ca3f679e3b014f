import * as path from 'node:path';
import * as transformers from '@huggingface/transformers';
import { DecodeTiming } from './llmchain-timing';
import { nowMs } from './timing';

type CausalLm = Awaited<ReturnType<typeof transformers.AutoModelForCausalLM.from_pretrained>>;

/** Loads the model directory with transformers.js from local disk only. */
export async function loadWithTransformers(dir: string): Promise<CausalLm> {
  transformers.env.allowRemoteModels = false;
  transformers.env.localModelPath = path.dirname(dir);
  return transformers.AutoModelForCausalLM.from_pretrained(path.basename(dir), { dtype: 'fp32' });
}

async function greedy(model: CausalLm, prompts: number[][], newTokens: number): Promise<number[][]> {
  const length = prompts[0].length;
  const inputIds = new transformers.Tensor('int64', BigInt64Array.from(prompts.flat(), BigInt), [prompts.length, length]);
  const attentionMask = new transformers.Tensor('int64', new BigInt64Array(prompts.length * length).fill(1n), [
    prompts.length,
    length,
  ]);
  const output = (await model.generate({
    input_ids: inputIds,
    attention_mask: attentionMask,
    max_new_tokens: newTokens,
    min_new_tokens: newTokens,
    do_sample: false,
  } as never)) as unknown as { data: BigInt64Array; dims: number[] };
  const width = output.dims[1];
  return prompts.map((_, row) => Array.from(output.data.subarray(row * width + length, (row + 1) * width), Number));
}

/**
 * transformers.js's generate() gives no per-token hook, so time to first token is a 1-token generate and
 * decode speed comes from the difference between an N-token and a 1-token generate.
 * Prompts must share one length (no padding needed).
 */
export async function timeTransformers(model: CausalLm, prompts: number[][], newTokens: number): Promise<DecodeTiming> {
  const start = nowMs();
  await greedy(model, prompts, 1);
  const oneToken = nowMs() - start;
  const fullStart = nowMs();
  const tokens = await greedy(model, prompts, newTokens);
  const full = nowMs() - fullStart;
  return { ttftMs: oneToken, decodeTokS: (prompts.length * (newTokens - 1)) / ((full - oneToken) / 1000), tokens };
}
