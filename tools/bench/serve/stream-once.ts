import { nowMs } from '../generate/timing';

export interface StreamTiming {
  ttftMs: number;
  totalMs: number;
  completionTokens: number;
  /** Tokens after the first, per second of this stream. */
  decodeTokS: number;
}

/** One streamed, greedy completion read off the wire: time to the first text chunk, to [DONE], and the usage it reports. */
export async function streamOnce(baseUrl: string, key: string, model: string, prompt: number[], maxTokens: number): Promise<StreamTiming> {
  const start = nowMs();
  const response = await fetch(`${baseUrl}/v1/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model, prompt, max_tokens: maxTokens, temperature: 0, stream: true, stream_options: { include_usage: true } }),
  });
  if (response.status !== 200 || !response.body) throw new Error(`HTTP ${response.status}: ${await response.text()}`);
  let firstAt = 0;
  let completionTokens = 0;
  let buffered = '';
  const decoder = new TextDecoder();
  for await (const bytes of response.body) {
    buffered += decoder.decode(bytes as Uint8Array, { stream: true });
    let end: number;
    while ((end = buffered.indexOf('\n\n')) >= 0) {
      const event = buffered.slice(0, end).replace(/^data: /, '');
      buffered = buffered.slice(end + 2);
      if (event === '[DONE]') continue;
      const chunk = JSON.parse(event) as { choices: { text: string }[]; usage?: { completion_tokens: number } | null };
      if (!firstAt && chunk.choices.length > 0) firstAt = nowMs();
      if (chunk.usage) completionTokens = chunk.usage.completion_tokens;
    }
  }
  const done = nowMs();
  return { ttftMs: firstAt - start, totalMs: done - start, completionTokens, decodeTokS: (completionTokens - 1) / ((done - firstAt) / 1000) };
}
