import { TOPICS } from '@llmchain/contracts';
import { waitUntil } from '@llmchain/testing';
import { ServingHarness, TenantKey } from './serving-harness';

type UsageRow = { request_id: string; prompt_tokens: number; completion_tokens: number };

/** Keys from apikey.* events, rate limits and quota from quota.updated, and exactly one usage.recorded per request. */
describe('serving-service keys, limits and metering', () => {
  const harness = new ServingHarness();
  let tenant: TenantKey;

  beforeAll(async () => {
    await harness.start();
    tenant = await harness.issueKey();
    await harness.registerModel(tenant.tenantId, 'tiny');
  });
  afterAll(() => harness.teardown());

  const complete = (key: string, body: object = {}) =>
    fetch(`${harness.serving.baseUrl}/v1/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'tiny', prompt: 'the cat', max_tokens: 3, ...body }),
    });

  it('refuses a key once its revocation arrives, and a key without the serving scope', async () => {
    const key = await harness.issueKey(tenant.tenantId);
    expect((await complete(key.key)).status).toBe(200);
    await harness.publish(TOPICS.apiKeyRevoked, { tenantId: tenant.tenantId, apiKeyId: key.apiKeyId }, tenant.tenantId);
    const refused = await waitUntil(() => complete(key.key), (r) => r.status === 401, { timeoutMs: 10_000, intervalMs: 50, what: 'revoked key refused' });
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/revoked/);
    const dataOnly = await harness.issueKey(tenant.tenantId, ['data']);
    expect((await complete(dataOnly.key)).status).toBe(403);
  });

  it('enforces the plan’s requests per minute with 429 and Retry-After', async () => {
    const limited = await harness.issueKey();
    await harness.registerModel(limited.tenantId, 'tiny');
    await harness.publish(
      TOPICS.quotaUpdated,
      { tenantId: limited.tenantId, remainingIncludedTokens: 1_000_000, hardStop: false, requestsPerMinute: 3, tokensPerMinute: 100_000 },
      limited.tenantId,
    );
    await waitUntil(() => harness.rows('SELECT 1 FROM tenant_quotas WHERE tenant_id = $1', [limited.tenantId]), (rows) => rows.length === 1);
    // Limits are reused for up to a second after they were read.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const statuses: number[] = [];
    let limitedResponse: Response | undefined;
    for (let i = 0; i < 8 && !limitedResponse; i++) {
      const response = await complete(limited.key);
      statuses.push(response.status);
      if (response.status === 429) limitedResponse = response;
      else await response.text();
    }
    expect(limitedResponse).toBeDefined();
    expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(3);
    expect(Number(limitedResponse?.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await limitedResponse?.json()).toMatchObject({ error: { type: 'rate_limit_error', code: 'rate_limit_exceeded' } });
  });

  it('answers 429 insufficient_quota once a hard quota is used up', async () => {
    const broke = await harness.issueKey();
    await harness.registerModel(broke.tenantId, 'tiny');
    await harness.publish(
      TOPICS.quotaUpdated,
      { tenantId: broke.tenantId, remainingIncludedTokens: 0, hardStop: true, requestsPerMinute: 100, tokensPerMinute: 100_000 },
      broke.tenantId,
    );
    const response = await waitUntil(() => complete(broke.key), (r) => r.status === 429, { timeoutMs: 15_000, what: 'quota applied' });
    expect(response.headers.get('retry-after')).not.toBeNull();
    expect(await response.json()).toMatchObject({ error: { type: 'insufficient_quota', code: 'insufficient_quota' } });
  });

  it('records exactly one usage.recorded per request: complete, streamed, n > 1 and cancelled mid-stream', async () => {
    const key = await harness.issueKey(tenant.tenantId);
    const client = harness.client(key.key);
    const expected = new Map<string, { prompt: number; completion: number }>();

    const chat = await client.chat.completions.create({ model: 'tiny', messages: [{ role: 'user', content: 'the dog' }], max_tokens: 6, temperature: 0 });
    expected.set(chat.id, { prompt: chat.usage!.prompt_tokens, completion: chat.usage!.completion_tokens });
    const several = await client.completions.create({ model: 'tiny', prompt: 'the mat', max_tokens: 4, n: 2, temperature: 1 });
    expected.set(several.id, { prompt: several.usage!.prompt_tokens, completion: several.usage!.completion_tokens });

    const streamed = await client.chat.completions.create({
      model: 'tiny',
      messages: [{ role: 'user', content: 'a cat' }],
      max_tokens: 5,
      stream: true,
      stream_options: { include_usage: true },
    });
    let streamedId = '';
    for await (const chunk of streamed) {
      streamedId = chunk.id;
      if (chunk.usage) expected.set(chunk.id, { prompt: chunk.usage.prompt_tokens, completion: chunk.usage.completion_tokens });
    }
    expect(expected.has(streamedId)).toBe(true);

    // A model with room for a long answer, so the close reaches the server long before the answer would end.
    await harness.registerModel(tenant.tenantId, 'roomy', { contextLength: 1024 });
    const long = { model: 'roomy', prompt: 'the cat sat on', max_tokens: 1000, temperature: 1, seed: 2 };
    const controller = new AbortController();
    const cancelled = await client.completions.create({ ...long, stream: true }, { signal: controller.signal });
    let cancelledId = '';
    let received = 0;
    // The client ends the iteration quietly on abort; the server sees the connection close.
    for await (const chunk of cancelled) {
      cancelledId = chunk.id;
      if (++received === 2) controller.abort();
    }

    const rows = await waitUntil(
      () => harness.rows<UsageRow>('SELECT request_id, prompt_tokens, completion_tokens FROM usage_records WHERE api_key_id = $1', [key.apiKeyId]),
      (found) => found.length >= 4,
      { what: 'four usage records' },
    );
    expect(rows).toHaveLength(4);
    for (const [id, usage] of expected) {
      expect(rows.find((row) => row.request_id === id)).toMatchObject({ prompt_tokens: usage.prompt, completion_tokens: usage.completion });
    }
    const partial = rows.find((row) => row.request_id === cancelledId) as UsageRow;
    expect(partial.completion_tokens).toBeGreaterThanOrEqual(2);
    // The close cut it: the same seeded request left to run (under another key) makes far more tokens.
    const uncut = await harness.client(tenant.key).completions.create(long);
    expect(uncut.usage!.completion_tokens).toBeGreaterThanOrEqual(200);
    expect(partial.completion_tokens).toBeLessThan(uncut.usage!.completion_tokens / 2);

    const events = await harness.rows<{ request_id: string; completion: number }>(
      `SELECT payload->'data'->>'requestId' AS request_id, (payload->'data'->>'completionTokens')::int AS completion
         FROM outbox_events WHERE topic = $1 AND payload->'data'->>'apiKeyId' = $2`,
      [TOPICS.usageRecorded, key.apiKeyId],
    );
    expect(events.map((e) => e.request_id).sort()).toEqual(rows.map((r) => r.request_id).sort());
    expect(events.find((e) => e.request_id === cancelledId)?.completion).toBe(partial.completion_tokens);
  });
});
