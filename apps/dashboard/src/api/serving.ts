import { ApiError } from './api-error';
import { apiUrl, authHeaders, requestJson } from './http';

export type ServedModel = { id: string; object: 'model'; created: number; owned_by: string };
export type ChatMessage = { role: 'system' | 'user' | 'assistant'; content: string };
export type ChatSettings = { model: string; temperature: number; maxTokens: number };
export type StreamUsage = { prompt_tokens: number; completion_tokens: number; total_tokens: number };

export const servingApi = (token: string) => ({
  models: () => requestJson<{ object: 'list'; data: ServedModel[] }>('serving', '/v1/models', { token }),
});

/** How long a chat waits, in all, for a model that is still loading (serving answers 503 with Retry-After meanwhile). */
const MODEL_LOADING_WAIT_MS = 60_000;

/**
 * POST /v1/chat/completions with stream: true, reading the server-sent events as they arrive and handing each
 * content delta to onDelta. Resolves with the usage the last chunk carries. A model still loading (a freshly
 * registered one) is asked again after the Retry-After serving gives, onWaiting telling the page meanwhile.
 */
export async function streamChat(
  token: string,
  messages: ChatMessage[],
  settings: ChatSettings,
  onDelta: (text: string) => void,
  signal: AbortSignal,
  onWaiting: (waiting: boolean) => void = () => undefined,
): Promise<StreamUsage | null> {
  const deadline = Date.now() + MODEL_LOADING_WAIT_MS;
  let response: Response;
  for (;;) {
    response = await fetch(apiUrl('serving', '/v1/chat/completions'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...authHeaders(token) },
      body: JSON.stringify({
        model: settings.model,
        messages,
        temperature: settings.temperature,
        max_completion_tokens: settings.maxTokens,
        stream: true,
        stream_options: { include_usage: true },
      }),
      signal,
    });
    const retryAfterSeconds = Number(response.headers.get('retry-after'));
    if (response.status !== 503 || !(retryAfterSeconds > 0) || Date.now() + retryAfterSeconds * 1000 > deadline) break;
    // Only a model still loading is worth waiting for; one that failed to load answers 503 too.
    const refusal = (await response.clone().json().catch(() => null)) as { error?: { code?: string } } | null;
    if (refusal?.error?.code !== 'model_not_ready') break;
    onWaiting(true);
    await abortableDelay(retryAfterSeconds * 1000, signal);
  }
  onWaiting(false);
  if (!response.ok || !response.body) throw await ApiError.from(response);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let usage: StreamUsage | null = null;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    let boundary: number;
    while ((boundary = buffer.indexOf('\n\n')) >= 0) {
      const event = buffer.slice(0, boundary);
      buffer = buffer.slice(boundary + 2);
      for (const line of event.split('\n')) {
        if (!line.startsWith('data:')) continue;
        const data = line.slice(5).trim();
        if (data === '[DONE]') return usage;
        const chunk = JSON.parse(data) as { choices?: { delta?: { content?: string } }[]; usage?: StreamUsage | null; error?: { message: string } };
        if (chunk.error) throw new ApiError(500, [chunk.error.message], {});
        const delta = chunk.choices?.[0]?.delta?.content;
        if (delta) onDelta(delta);
        if (chunk.usage) usage = chunk.usage;
      }
    }
  }
  return usage;
}

function abortableDelay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), reject(signal.reason)), { once: true });
  });
}
