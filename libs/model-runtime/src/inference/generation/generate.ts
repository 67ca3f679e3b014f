import { FinishReason } from '../sampling/stop-criteria';
import { InferenceModel } from '../session/inference-model';
import { BatchedDecoder } from './batched-decoder';
import { SequenceRequest, TokenEvent } from './generation-options';

export interface GenerationResult {
  /** Generated token ids (the prompt excluded; an end-of-sequence token included). */
  tokens: number[];
  finishReason: FinishReason;
  /** For finishReason 'stop': the decoded text before the stop sequence. */
  text?: string;
}

/** Continues several prompts together until each finishes; results in request order. */
export async function generateBatch(model: InferenceModel, requests: SequenceRequest[]): Promise<GenerationResult[]> {
  const decoder = new BatchedDecoder(model);
  const results = new Map<number, GenerationResult>();
  const order: number[] = [];
  const record = (events: TokenEvent[]) => {
    for (const event of events) {
      const result = results.get(event.sequenceId) ?? { tokens: [], finishReason: 'length' };
      result.tokens.push(event.token);
      if (event.finishReason) result.finishReason = event.finishReason;
      if (event.text !== undefined) result.text = event.text;
      results.set(event.sequenceId, result);
    }
  };
  const first = await decoder.addSequences(requests);
  order.push(...first.map((event) => event.sequenceId));
  record(first);
  while (decoder.activeCount > 0) record(await decoder.step());
  return order.map((id) => results.get(id) as GenerationResult);
}

/** Continues one prompt until a stop condition. */
export async function generate(
  model: InferenceModel,
  prompt: number[],
  options: Omit<SequenceRequest, 'prompt'>,
): Promise<GenerationResult> {
  const [result] = await generateBatch(model, [{ ...options, prompt }]);
  return result;
}
