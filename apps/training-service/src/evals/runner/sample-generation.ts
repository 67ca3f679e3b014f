import { generateBatch } from '@llmchain/model-runtime';
import { SamplingParams, PromptInput } from '../eval.dto';
import { TemplateNamespaces, TemplateReferenceError } from '../item-template';
import { EvalModel } from './eval-models';
import { assertTokenBudget, ItemGradingError } from './item-grader';
import { encodePrompt, stopTokenIds } from './prompt-encoding';
import { RunUsage } from './usage-meter';

export type Sample = { output_text: string; finish_reason: string; prompt_tokens: number; completion_tokens: number };

/**
 * The model under test's answers to a batch of items, decoded together (one batched decode, as serving batches
 * requests). An item whose prompt cannot be built or is too long gets its error instead, and stays out of the batch.
 */
export async function generateSamples(
  model: EvalModel,
  template: PromptInput,
  sampling: SamplingParams,
  items: readonly { index: number; namespaces: TemplateNamespaces }[],
  usage: RunUsage,
  maxTokensPerItem: number,
): Promise<({ sample: Sample } | { error: string })[]> {
  const stops = stopTokenIds(model);
  const prompts = items.map(({ namespaces }): { ids: number[] } | { error: string } => {
    try {
      const ids = encodePrompt(model.tokenizer, template, namespaces);
      assertTokenBudget(model, ids.length + sampling.max_completion_tokens, maxTokensPerItem, 'the prompt with max_completion_tokens');
      return { ids };
    } catch (error) {
      if (error instanceof ItemGradingError || error instanceof TemplateReferenceError) return { error: error.message };
      throw error;
    }
  });
  const runnable = prompts.flatMap((p, i) => ('ids' in p ? [{ i, ids: p.ids }] : []));
  const results = runnable.length
    ? await generateBatch(
        model.model,
        runnable.map(({ i, ids }) => ({
          prompt: ids,
          maxNewTokens: sampling.max_completion_tokens,
          temperature: sampling.temperature,
          topP: sampling.top_p,
          // The run's seed plus the item's index: each item its own stream, the same on every run and resume.
          seed: sampling.seed === undefined ? undefined : sampling.seed + items[i].index,
          eosTokenIds: stops,
          adapter: model.adapter,
        })),
      )
    : [];
  const out: ({ sample: Sample } | { error: string })[] = prompts.map((p) => ('error' in p ? p : { error: 'not generated' }));
  runnable.forEach(({ i, ids }, k) => {
    const { tokens, finishReason } = results[k];
    usage.add(model, ids.length, tokens.length);
    const text = model.tokenizer.decode(tokens.filter((t) => !stops.includes(t)));
    out[i] = { sample: { output_text: text, finish_reason: finishReason, prompt_tokens: ids.length, completion_tokens: tokens.length } };
  });
  return out;
}
