import { readFileSync } from 'node:fs';
import * as path from 'node:path';

/** The committed Hugging Face fixtures (tools/reference-fixtures): directories written by transformers. */
export const HF_FIXTURES = path.resolve(__dirname, '../../__fixtures__/hf');
export const HF_FAMILIES = ['llama', 'qwen2', 'mistral', 'gpt2'] as const;

/** reference.json: transformers' fp32 logits [prompt length, vocab] per prompt and 8 greedy tokens after each. */
export interface ReferenceOutputs {
  prompts: number[][];
  logits: Float32Array[];
  greedy: number[][];
}

export function readReference(fixture: string): ReferenceOutputs {
  const json = JSON.parse(readFileSync(path.join(HF_FIXTURES, fixture, 'reference.json'), 'utf8'));
  const logits = (json.logits as string[]).map((encoded) => {
    const bytes = Buffer.from(encoded, 'base64');
    return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  });
  return { prompts: json.prompts, logits, greedy: json.greedy };
}

export function maxAbsDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`lengths differ: ${a.length} vs ${b.length}`);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}

export function argmax(values: ArrayLike<number>, from = 0, to = values.length): number {
  let best = from;
  for (let i = from; i < to; i++) if (values[i] > values[best]) best = i;
  return best - from;
}
