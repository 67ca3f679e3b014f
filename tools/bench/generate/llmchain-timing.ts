import { BatchedDecoder, InferenceModel } from '../../../libs/model-runtime/src';
import { nowMs } from './timing';

export interface DecodeTiming {
  /** Prompt in, first token out. */
  ttftMs: number;
  /** Generated tokens after the first, per second, summed over the batch. */
  decodeTokS: number;
  /** The same per second of this process's CPU time: less exposed than wall time to other processes. */
  decodeTokPerCpuS?: number;
  /** Generated tokens per prompt. */
  tokens: number[][];
}

/** Greedy-generates exactly `newTokens` per prompt through one BatchedDecoder. */
export async function timeLlmchain(model: InferenceModel, prompts: number[][], newTokens: number): Promise<DecodeTiming> {
  const decoder = new BatchedDecoder(model);
  const start = nowMs();
  const first = await decoder.addSequences(prompts.map((prompt) => ({ prompt, maxNewTokens: newTokens })));
  const firstTokenAt = nowMs();
  const cpuAtFirstToken = process.cpuUsage();
  const rows = new Map(first.map((event, row) => [event.sequenceId, row]));
  const tokens = first.map((event) => [event.token]);
  while (decoder.activeCount > 0) {
    for (const event of await decoder.step()) tokens[rows.get(event.sequenceId) as number].push(event.token);
  }
  const end = nowMs();
  const cpu = process.cpuUsage(cpuAtFirstToken);
  const decoded = prompts.length * (newTokens - 1);
  return {
    ttftMs: firstTokenAt - start,
    decodeTokS: decoded / ((end - firstTokenAt) / 1000),
    decodeTokPerCpuS: decoded / ((cpu.user + cpu.system) / 1e6),
    tokens,
  };
}
