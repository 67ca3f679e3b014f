import { TOPICS } from '@llmchain/contracts';
import { waitUntil } from '@llmchain/testing';
import { randomUUID } from 'node:crypto';
import { usageEventId } from '../../apps/serving-service/src/common/usage-event-id';
import { ServingHarness } from './serving-harness';

type Reservation = { request_id: string; completion_tokens: number };
type Usage = { request_id: string; prompt_tokens: number; completion_tokens: number };
type UsageEvent = { event_id: string; request_id: string; prompt: number; completion: number };

const FLUSH_TOKENS = 8;
const ORPHAN_AFTER_MS = 2000;
const CHOICES = 2;

/** Reads a completion stream until it ends or the connection breaks; counts the chunks that carried text. */
async function readStream(response: Response): Promise<{ id: string; textChunks: number }> {
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let buffered = '';
  let id = '';
  let textChunks = 0;
  try {
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      buffered += decoder.decode(read.value, { stream: true });
      let end: number;
      while ((end = buffered.indexOf('\n\n')) >= 0) {
        const event = buffered.slice(0, end).replace(/^data: /, '');
        buffered = buffered.slice(end + 2);
        if (event === '[DONE]') continue;
        const chunk = JSON.parse(event) as { id: string; choices: { text: string }[] } | { error: object };
        // A SIGTERM ends the stream with an error event.
        if ('error' in chunk) continue;
        id = chunk.id;
        if (chunk.choices.some((choice) => choice.text.length > 0)) textChunks++;
      }
    }
  } catch {
    // The process died under the stream: the connection breaks mid-read.
  }
  return { id, textChunks };
}

/**
 * The serving process is SIGKILLed while streams run: what each had generated up to its last persisted reservation
 * is billed by the next process, exactly once, under an event id derived from the request id.
 */
describe('serving-service metering across a SIGKILL mid-stream', () => {
  const harness = new ServingHarness();
  afterAll(() => harness.teardown());

  it('settles each killed request once with its last persisted counts, and never again', async () => {
    await harness.start({
      USAGE_FLUSH_TOKENS: String(FLUSH_TOKENS),
      USAGE_FLUSH_MS: '100',
      INSTANCE_HEARTBEAT_MS: '300',
      ORPHAN_AFTER_MS: String(ORPHAN_AFTER_MS),
      ORPHAN_SWEEP_MS: '300',
    });
    const key = await harness.issueKey();
    // Wide and long enough that 1,000 tokens × 2 choices take a while, so the kill lands mid-stream.
    await harness.registerModel(key.tenantId, 'long', { contextLength: 1024, nEmbd: 128, nLayer: 4 });
    const post = (body: object) =>
      fetch(`${harness.serving.baseUrl}/v1/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key.key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'long', ...body }),
      });

    const finished = (await (await post({ prompt: 'the cat', max_tokens: 4, temperature: 0 })).json()) as {
      id: string;
      usage: { prompt_tokens: number; completion_tokens: number };
    };
    const prompts = ['the cat sat', 'a dog ran on the', 'then the mat'];
    const streams = await Promise.all(prompts.map((prompt) => post({ prompt, max_tokens: 1000, n: CHOICES, temperature: 0, stream: true })));
    const reads = streams.map(readStream);

    // Every stream has a persisted reservation past a few flushes: the kill lands after those writes.
    const reservations = () =>
      harness.rows<Reservation>('SELECT request_id, completion_tokens FROM usage_reservations WHERE api_key_id = $1', [key.apiKeyId]);
    const seen = await waitUntil(reservations, (rows) => rows.length === prompts.length && rows.every((r) => r.completion_tokens >= 5 * FLUSH_TOKENS), {
      intervalMs: 10,
      what: 'three reservations raised past 40 tokens',
    });
    expect((await harness.serving.kill('SIGKILL')).signal).toBe('SIGKILL');
    const received = await Promise.all(reads);
    // What the dead process left: its last persisted counts, never below what the test saw before the kill.
    const persisted = new Map((await reservations()).map((r) => [r.request_id, r.completion_tokens]));
    expect([...persisted.keys()].sort()).toEqual(received.map((r) => r.id).sort());
    for (const before of seen) expect(persisted.get(before.request_id)).toBeGreaterThanOrEqual(before.completion_tokens);
    for (const stream of received) {
      const billed = persisted.get(stream.id) as number;
      // The stream was cut: neither choice reached its 1,000 tokens.
      expect(billed).toBeLessThan(1000 * CHOICES);
      // Each token gives at most one text chunk, and a request never runs 2N + n tokens ahead of its reservation.
      expect(stream.textChunks).toBeLessThan(billed + 2 * FLUSH_TOKENS + CHOICES);
    }

    harness.serving.start();
    await harness.serving.waitReady();
    const usage = () =>
      harness.rows<Usage>('SELECT request_id, prompt_tokens, completion_tokens FROM usage_records WHERE api_key_id = $1 ORDER BY request_id', [
        key.apiKeyId,
      ]);
    const events = () =>
      harness.rows<UsageEvent>(
        `SELECT event_id::text, payload->'data'->>'requestId' AS request_id, (payload->'data'->>'promptTokens')::int AS prompt,
                (payload->'data'->>'completionTokens')::int AS completion
           FROM outbox_events WHERE topic = $1 AND payload->'data'->>'apiKeyId' = $2 ORDER BY 2`,
        [TOPICS.usageRecorded, key.apiKeyId],
      );
    const settled = await waitUntil(usage, (rows) => rows.length === prompts.length + 1, {
      timeoutMs: 30_000,
      what: 'the killed requests settled as orphans',
    });
    expect(await reservations()).toEqual([]);
    const promptTokens = settled.find((row) => row.request_id === finished.id)?.prompt_tokens;
    expect(settled).toContainEqual({ request_id: finished.id, prompt_tokens: finished.usage.prompt_tokens, completion_tokens: finished.usage.completion_tokens });
    for (const [requestId, completion] of persisted) {
      const row = settled.find((r) => r.request_id === requestId) as Usage;
      expect(row.completion_tokens).toBe(completion);
      expect(row.prompt_tokens).toBeGreaterThan(0);
    }
    expect(promptTokens).toBeGreaterThan(0);
    const recorded = await events();
    expect(recorded).toEqual(
      settled.map((row) => ({
        event_id: usageEventId(row.request_id),
        request_id: row.request_id,
        prompt: row.prompt_tokens,
        completion: row.completion_tokens,
      })),
    );

    // A second settle of a recorded request (a reservation left behind by another dead process) changes nothing.
    await harness.rows(
      `INSERT INTO usage_reservations (request_id, owner_id, tenant_id, api_key_id, model, prompt_tokens, completion_tokens, updated_at)
       VALUES ($1, $2, $3, $4, 'long', 1, 5000, now() - interval '1 hour') RETURNING 1`,
      [finished.id, randomUUID(), key.tenantId, key.apiKeyId],
    );
    await waitUntil(reservations, (rows) => rows.length === 0, { what: 'the stale duplicate reservation swept' });

    // A restart (killed again) finds nothing more to settle.
    await harness.serving.kill('SIGKILL');
    harness.serving.start();
    await harness.serving.waitReady();
    await new Promise((resolve) => setTimeout(resolve, ORPHAN_AFTER_MS + 1000));
    await harness.waitModelReady(key.tenantId, 'long');
    expect(await usage()).toEqual(settled);
    expect(await events()).toEqual(recorded);

    // A SIGTERM mid-stream settles the running request itself, before the process exits: no reservation is left.
    const last = readStream(await post({ prompt: 'the log', max_tokens: 1000, n: CHOICES, temperature: 0, stream: true }));
    await waitUntil(reservations, (rows) => rows.length === 1, { intervalMs: 10, what: 'the last stream reserved' });
    expect(await harness.serving.kill('SIGTERM')).toEqual({ code: 0, signal: null });
    const lastId = (await last).id;
    expect(await reservations()).toEqual([]);
    expect((await usage()).map((row) => row.request_id).sort()).toEqual([...settled.map((row) => row.request_id), lastId].sort());
    expect((await events()).filter((event) => event.request_id === lastId)).toHaveLength(1);
    harness.serving.start();
    await harness.serving.waitReady();
    await waitUntil(
      () => harness.rows<{ unsent: number }>(`SELECT count(*)::int AS unsent FROM outbox_events WHERE topic = $1 AND sent_at IS NULL`, [TOPICS.usageRecorded]),
      (rows) => rows[0].unsent === 0,
      { what: 'every usage event published' },
    );
  });
});
