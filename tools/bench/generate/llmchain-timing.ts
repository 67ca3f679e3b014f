import { BatchedDecoder, InferenceModel } from '../../../libs/model-runtime/src';
import { nowMs } from './timing';

export interface DecodeTiming {
  /** Prompt in, first token out. */
  ttftMs: number;
  /** Generated tokens after the first, per second, summed over the batch. */
  decodeTokS: number;
  /** Generated tokens per prompt. */
  tokens: number[][];
}

/** Greedy-generates exactly `newTokens` per prompt through one BatchedDecoder. */
export async function timeLlmchain(model: InferenceModel, prompts: number[][], newTokens: number): Promise<DecodeTiming> {
  const decoder = new BatchedDecoder(model);
  const start = nowMs();
  const first = await decoder.addSequences(prompts.map((prompt) => ({ prompt, maxNewTokens: newTokens })));
  const firstTokenAt = nowMs();
  const rows = new Map(first.map((event, row) => [event.sequenceId, row]));
  const tokens = first.map((event) => [event.token]);
  while (decoder.activeCount > 0) {
    for (const event of await decoder.step()) tokens[rows.get(event.sequenceId) as number].push(event.token);
  }
  const end = nowMs();
  return {
    ttftMs: firstTokenAt - start,
    decodeTokS: (prompts.length * (newTokens - 1)) / ((end - firstTokenAt) / 1000),
    tokens,
  };
}
