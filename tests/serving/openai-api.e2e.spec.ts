import { waitUntil } from '@llmchain/testing';
import { randomUUID } from 'node:crypto';
import OpenAI from 'openai';
import { ServingHarness, TenantKey } from './serving-harness';
import { exportTinyModel } from './tiny-model';

/** The API through the official openai client: chat, streaming, completions, models and errors in OpenAI's shape. */
describe('serving-service OpenAI-compatible API', () => {
  const harness = new ServingHarness();
  let tenant: TenantKey;
  let client: OpenAI;

  beforeAll(async () => {
    await harness.start();
    tenant = await harness.issueKey();
    await harness.registerModel(tenant.tenantId, 'tiny-chat');
    client = harness.client(tenant.key);
  });
  afterAll(() => harness.teardown());

  it('answers a chat completion with usage, deterministically for a seed', async () => {
    const ask = () =>
      client.chat.completions.create({ model: 'tiny-chat', messages: [{ role: 'user', content: 'the cat' }], max_tokens: 8, temperature: 0.8, seed: 3 });
    const first = await ask();
    expect(first.object).toBe('chat.completion');
    expect(first.model).toBe('tiny-chat');
    expect(first.choices).toHaveLength(1);
    expect(first.choices[0].message.role).toBe('assistant');
    expect(['stop', 'length']).toContain(first.choices[0].finish_reason);
    expect(first.usage?.completion_tokens).toBeGreaterThan(0);
    expect(first.usage?.completion_tokens).toBeLessThanOrEqual(8);
    expect(first.usage?.total_tokens).toBe((first.usage?.prompt_tokens ?? 0) + (first.usage?.completion_tokens ?? 0));
    expect((await ask()).choices[0].message.content).toBe(first.choices[0].message.content);
  });

  it('streams chat chunks that add up to the non-streamed answer, usage last when asked', async () => {
    const request = { model: 'tiny-chat', messages: [{ role: 'user' as const, content: 'a dog' }], max_tokens: 10, temperature: 0 };
    const whole = await client.chat.completions.create(request);
    const stream = await client.chat.completions.create({ ...request, stream: true, stream_options: { include_usage: true } });
    let text = '';
    let finish: string | null = null;
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      expect(chunk.object).toBe('chat.completion.chunk');
      for (const choice of chunk.choices) {
        text += choice.delta.content ?? '';
        finish = choice.finish_reason ?? finish;
      }
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe(whole.choices[0].message.content);
    expect(finish).toBe(whole.choices[0].finish_reason);
    expect(usage).toEqual(whole.usage);
  });

  it('ends the raw event stream with data: [DONE]', async () => {
    const response = await fetch(`${harness.serving.baseUrl}/v1/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tenant.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'tiny-chat', prompt: 'the mat', max_tokens: 4, stream: true }),
    });
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const events = (await response.text()).split('\n\n').filter(Boolean);
    expect(events[events.length - 1]).toBe('data: [DONE]');
    expect(JSON.parse(events[0].slice('data: '.length)).object).toBe('text_completion');
  });

  it('completes text with n choices and a stop sequence that never shows', async () => {
    const whole = await client.completions.create({ model: 'tiny-chat', prompt: 'the cat sat', max_tokens: 12, temperature: 0 });
    const text = whole.choices[0].text;
    expect(whole.object).toBe('text_completion');
    expect(whole.usage?.completion_tokens).toBeGreaterThan(0);
    const several = await client.completions.create({ model: 'tiny-chat', prompt: 'the cat sat', max_tokens: 5, n: 3, temperature: 1, seed: 1 });
    expect(several.choices.map((c) => c.index)).toEqual([0, 1, 2]);
    // Greedy decoding of the tiny model's fixed weights (seed 7) gives the same text every run: long enough to stop inside.
    expect(text.length).toBeGreaterThanOrEqual(4);
    const stop = text.slice(2, 4);
    const stopped = await client.completions.create({ model: 'tiny-chat', prompt: 'the cat sat', max_tokens: 12, temperature: 0, stop });
    expect(stopped.choices[0].text).toBe(text.slice(0, text.indexOf(stop)));
    expect(stopped.choices[0].text.length).toBeLessThan(text.length);
    expect(stopped.choices[0].finish_reason).toBe('stop');
  });

  it('lists only the tenant’s own models', async () => {
    const other = await harness.issueKey();
    await harness.registerModel(other.tenantId, 'other-model');
    const mine = await client.models.list();
    expect(mine.data.map((m) => m.id)).toEqual(['tiny-chat']);
    expect((await client.models.retrieve('tiny-chat')).object).toBe('model');
    await expect(client.models.retrieve('other-model')).rejects.toMatchObject({ status: 404, code: 'model_not_found' });
    await expect(client.chat.completions.create({ model: 'other-model', messages: [{ role: 'user', content: 'hi' }] })).rejects.toMatchObject({
      status: 404,
    });
  });

  it('unloads a model on delete: it answers 404 from then on', async () => {
    await harness.registerModel(tenant.tenantId, 'short-lived');
    expect(await client.models.delete('short-lived')).toEqual({ id: 'short-lived', object: 'model', deleted: true });
    await expect(client.completions.create({ model: 'short-lived', prompt: 'the' })).rejects.toMatchObject({ status: 404 });
    expect((await client.models.list()).data.map((m) => m.id)).toEqual(['tiny-chat']);
    expect(await harness.rows('SELECT 1 FROM served_models WHERE name = $1', ['short-lived'])).toHaveLength(0);
  });

  it('serves a model another process recorded, and stops serving one another process deleted', async () => {
    await exportTinyModel(harness.modelsDir, 'models/elsewhere');
    await harness.rows(
      `INSERT INTO served_models (model_id, tenant_id, name, artifact_key, artifact_sha256, context_length) VALUES ($1, $2, 'elsewhere', 'models/elsewhere', $3, 128) RETURNING 1`,
      [randomUUID(), tenant.tenantId, await harness.artifactSha256('models/elsewhere')],
    );
    const ask = () => client.completions.create({ model: 'elsewhere', prompt: 'the', max_tokens: 1 }).then(() => 200, (error: { status: number }) => error.status);
    await waitUntil(ask, (status) => status === 200, { timeoutMs: 30_000, what: 'the model recorded elsewhere to load' });
    await harness.rows(`DELETE FROM served_models WHERE name = 'elsewhere' RETURNING 1`);
    await waitUntil(ask, (status) => status === 404, { timeoutMs: 30_000, what: 'the model deleted elsewhere to unload' });
  });

  it('answers bad requests with 400 in OpenAI’s shape, saying what to fix', async () => {
    const call = (body: object) =>
      fetch(`${harness.serving.baseUrl}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tenant.key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'tiny-chat', messages: [{ role: 'user', content: 'hi' }], ...body }),
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as { error: { message: string; code: string } } }));
    expect(await call({ temperature: 3 })).toMatchObject({ status: 400, body: { error: { type: 'invalid_request_error', param: 'temperature' } } });
    expect(await call({ frobnicate: true })).toMatchObject({ status: 400, body: { error: { code: 'unknown_parameter', param: 'frobnicate' } } });
    expect(await call({ tools: [{ type: 'function' }] })).toMatchObject({ status: 400, body: { error: { code: 'invalid_value', param: 'tools.0.function' } } });
    expect(await call({ audio: { voice: 'alloy' } })).toMatchObject({ status: 400, body: { error: { code: 'unsupported_parameter', param: 'audio' } } });
    expect((await call({ user: 'someone', presence_penalty: 0 })).status).toBe(200);
    const long = await call({ messages: [{ role: 'user', content: 'the cat sat on the mat. '.repeat(40) }] });
    expect(long.status).toBe(400);
    expect(long.body.error.code).toBe('context_length_exceeded');
    expect(long.body.error.message).toMatch(/maximum context length is 128 tokens.*requested \d+ tokens/);
    const tooMany = await call({ max_tokens: 500 });
    expect(tooMany.body.error.message).toMatch(/128 tokens.*500 for the completion/);
  });

  it('answers 401 for a missing or unknown key and 503 for a model that failed to load', async () => {
    const bad = new OpenAI({ apiKey: 'llmk_00000000_' + 'x'.repeat(43), baseURL: `${harness.serving.baseUrl}/v1`, maxRetries: 0 });
    await expect(bad.models.list()).rejects.toMatchObject({ status: 401, type: 'authentication_error' });
    const none = await fetch(`${harness.serving.baseUrl}/v1/models`);
    expect(none.status).toBe(401);
    expect(((await none.json()) as { error: { message: string } }).error.message).toMatch(/Authorization: Bearer/);
    await harness.announceModel(tenant.tenantId, 'missing-files', 'models/does-not-exist', 'a'.repeat(64));
    const ask = async () => {
      const response = await fetch(`${harness.serving.baseUrl}/v1/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tenant.key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'missing-files', prompt: 'the' }),
      });
      const body = (await response.json()) as { error?: { code: string } };
      return { status: response.status, code: body.error?.code, retryAfter: response.headers.get('retry-after') };
    };
    const failed = await waitUntil(ask, (answer) => answer.code === 'model_load_failed', { timeoutMs: 30_000, intervalMs: 100, what: 'the load to fail' });
    expect(failed).toMatchObject({ status: 503, retryAfter: expect.stringMatching(/^\d+$/) });
  });

  it('serves Prometheus metrics and its OpenAPI document', async () => {
    const metrics = await (await fetch(`${harness.serving.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(/serving_time_to_first_token_seconds_bucket/);
    expect(metrics).toMatch(/serving_generated_tokens_total\{model="tiny-chat"\} \d+/);
    expect(metrics).toMatch(/serving_batch_size/);
    expect(metrics).toMatch(/serving_requests_total\{endpoint="\/v1\/chat\/completions",status="400"\} \d+/);
    const document = (await (await fetch(`${harness.serving.baseUrl}/openapi.json`)).json()) as { paths: object };
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/v1/chat/completions', '/v1/completions', '/v1/models']));
  });
});
