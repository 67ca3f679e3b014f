import OpenAI from 'openai';

/** A completion as its client received it: the response id (serving's request id) and the usage it was told. */
export type Received = { id: string; prompt: number; completion: number };

/**
 * Completion `i` of a burst, as a tenant's program asks it (16 tokens, seeded by `i`), plain or streamed. A stream
 * counts once its final usage chunk arrived; one cut short is a failed call, as for any client.
 */
export async function receiveCompletion(openai: OpenAI, model: string, i: number, streamed: boolean): Promise<Received> {
  const request = { model, prompt: `The ${i}`, max_tokens: 16, temperature: 0.8, seed: i };
  if (!streamed) {
    const completion = await openai.completions.create(request);
    return { id: completion.id, prompt: completion.usage!.prompt_tokens, completion: completion.usage!.completion_tokens };
  }
  const stream = await openai.completions.create({ ...request, stream: true, stream_options: { include_usage: true } });
  let id = '';
  let usage: OpenAI.CompletionUsage | undefined;
  for await (const chunk of stream) {
    id = chunk.id;
    usage = chunk.usage ?? usage;
  }
  if (!usage) throw new Error(`completion ${i}: the stream ended before its usage chunk`);
  return { id, prompt: usage.prompt_tokens, completion: usage.completion_tokens };
}
