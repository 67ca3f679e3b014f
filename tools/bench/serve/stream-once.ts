import { Agent, request } from 'node:http';
import { nowMs } from '../generate/timing';

export interface StreamTiming {
  ttftMs: number;
  totalMs: number;
  completionTokens: number;
  /** Tokens after the first, per second of this stream. */
  decodeTokS: number;
}

/**
 * One keep-alive pool for the whole bench: no connection set-up per request. node:http rather than fetch: fetch's web
 * streams cost the load generator about 1.5x the CPU per token, and the load generator shares the machine with the service
 * (BENCHMARKS.md, 2026-12-05 14:06: 0.155 against 0.109 ms per token at one stream; 0.88 against 0.39 ms of transport).
 */
const agent = new Agent({ keepAlive: true, maxSockets: 1024 });

/** One streamed, greedy completion read off the wire: time to the first text chunk, to [DONE], and the usage it reports. */
export function streamOnce(baseUrl: string, key: string, model: string, prompt: number[], maxTokens: number): Promise<StreamTiming> {
  const body = JSON.stringify({ model, prompt, max_tokens: maxTokens, temperature: 0, stream: true, stream_options: { include_usage: true } });
  return new Promise((resolve, reject) => {
    const start = nowMs();
    const req = request(
      `${baseUrl}/v1/completions`,
      { method: 'POST', agent, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        res.setEncoding('utf8');
        let buffered = '';
        if (res.statusCode !== 200) {
          res.on('data', (text: string) => (buffered += text));
          res.on('end', () => reject(new Error(`HTTP ${res.statusCode}: ${buffered}`)));
          return;
        }
        let firstAt = 0;
        let completionTokens = 0;
        res.on('data', (text: string) => {
          buffered += text;
          let end: number;
          while ((end = buffered.indexOf('\n\n')) >= 0) {
            const event = buffered.slice(0, end).replace(/^data: /, '');
            buffered = buffered.slice(end + 2);
            if (event === '[DONE]') continue;
            const chunk = JSON.parse(event) as { choices: { text: string }[]; usage?: { completion_tokens: number } | null };
            if (!firstAt && chunk.choices.length > 0) firstAt = nowMs();
            if (chunk.usage) completionTokens = chunk.usage.completion_tokens;
          }
        });
        res.on('end', () => {
          const done = nowMs();
          resolve({ ttftMs: firstAt - start, totalMs: done - start, completionTokens, decodeTokS: (completionTokens - 1) / ((done - firstAt) / 1000) });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
