import OpenAI from 'openai';
import { setTimeout as sleep } from 'node:timers/promises';
import { ChainError } from './http-client';

export type TokenUsage = { prompt: number; completion: number };
export type Completions = { prompt: string; completion: string; streamed: string; usage: TokenUsage };

/**
 * serving-service loads a model when model.registered arrives: 404 until it knows it, 503 while it loads. Returns the
 * usage of the probe that succeeded (it is metered like any request).
 */
export async function waitUntilServed(client: OpenAI, model: string, timeoutMs = 180_000): Promise<TokenUsage> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const probe = await client.completions.create({ model, prompt: 'a', max_tokens: 1 });
      return { prompt: probe.usage?.prompt_tokens ?? 0, completion: probe.usage?.completion_tokens ?? 0 };
    } catch (error) {
      const status = (error as { status?: number }).status;
      if ((status !== 404 && status !== 503) || Date.now() > deadline) {
        throw new ChainError(`model ${model} is not served: ${(error as Error).message}`);
      }
      await sleep(500);
    }
  }
}

/**
 * Asks the model as a tenant's program would, through the official openai client: one completion, and one streamed
 * (printed token by token when `out` is given) with the usage in its final chunk.
 */
export async function askModel(
  client: OpenAI,
  model: string,
  prompt: string,
  maxTokens: number,
  out: NodeJS.WritableStream | null,
): Promise<Completions> {
  const completion = await client.completions.create({ model, prompt, max_tokens: maxTokens, temperature: 0.8, seed: 7 });
  const stream = await client.completions.create({
    model,
    prompt,
    max_tokens: maxTokens,
    temperature: 0.8,
    seed: 11,
    stream: true,
    stream_options: { include_usage: true },
  });
  let streamed = '';
  const usage = { prompt: completion.usage?.prompt_tokens ?? 0, completion: completion.usage?.completion_tokens ?? 0 };
  out?.write(`  ${prompt}`);
  for await (const chunk of stream) {
    const text = chunk.choices[0]?.text ?? '';
    streamed += text;
    out?.write(text);
    usage.prompt += chunk.usage?.prompt_tokens ?? 0;
    usage.completion += chunk.usage?.completion_tokens ?? 0;
  }
  out?.write('\n');
  return { prompt, completion: completion.choices[0].text, streamed, usage };
}
