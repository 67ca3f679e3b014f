import { TOPICS } from '@llmchain/contracts';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { LiveCreditBalance } from '@llmchain/platform';
import { infraEnv, waitUntil } from '@llmchain/testing';
import Redis from 'ioredis';
import OpenAI, { APIError, toFile } from 'openai';
import { ServingHarness, TenantKey } from './serving-harness';

type OutputLine = { id: string; custom_id: string; response: { status_code: number; body: any } | null; error: { code: string } | null };

const jsonl = (lines: object[]) => lines.map((line) => JSON.stringify(line)).join('\n') + '\n';
const parseJsonl = (text: string) => text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as OutputLine);

/** The Batch API through the official openai client: files, batches, their statuses, counts and files, refusals, isolation. */
describe('serving-service Batch API', () => {
  const harness = new ServingHarness();
  let tenant: TenantKey;
  let client: OpenAI;

  beforeAll(async () => {
    await harness.start({ BATCH_POLL_MS: '100', MODEL_SYNC_MS: '300', BATCH_FILE_MAX_LINES: '500', BATCH_FILE_MAX_BYTES: '200000' });
    tenant = await harness.issueKey();
    await harness.registerModel(tenant.tenantId, 'tiny');
    client = harness.client(tenant.key);
  });
  afterAll(() => harness.teardown());

  const upload = async (text: string, purpose = 'batch') => client.files.create({ file: await toFile(Buffer.from(text), 'input.jsonl'), purpose: purpose as 'batch' });
  const finished = (id: string, owner = client) =>
    waitUntil(() => owner.batches.retrieve(id), (batch) => ['completed', 'failed', 'expired', 'cancelled'].includes(batch.status), {
      timeoutMs: 120_000,
      intervalMs: 200,
      what: `batch ${id} finished`,
    });

  it('runs chat, completions and embeddings batches: each custom_id answered once, as its endpoint answers, with counts and files', async () => {
    const chat = Array.from({ length: 6 }, (_, i) => ({
      custom_id: `chat-${i}`,
      method: 'POST',
      url: '/v1/chat/completions',
      body: { model: i === 5 ? 'no-such-model' : 'tiny', messages: [{ role: 'user', content: `the cat ${i}` }], max_tokens: 5, temperature: 0, seed: i },
    }));
    const file = await upload(jsonl(chat));
    expect(file).toMatchObject({ object: 'file', purpose: 'batch', filename: 'input.jsonl', bytes: Buffer.byteLength(jsonl(chat)) });
    expect(await client.files.retrieve(file.id)).toMatchObject({ id: file.id, bytes: file.bytes });
    expect(await (await client.files.content(file.id)).text()).toBe(jsonl(chat));

    const created = await client.batches.create({ input_file_id: file.id, endpoint: '/v1/chat/completions', completion_window: '24h', metadata: { job: 'nightly' } });
    expect(created).toMatchObject({ object: 'batch', status: 'validating', endpoint: '/v1/chat/completions', metadata: { job: 'nightly' } });
    expect(created.expires_at! - created.created_at).toBe(24 * 3600);
    const batch = await finished(created.id);
    expect(batch).toMatchObject({ status: 'completed', request_counts: { total: 6, completed: 5, failed: 1 } });
    expect(batch.in_progress_at).not.toBeNull();
    expect(batch.completed_at).not.toBeNull();

    const output = parseJsonl(await (await client.files.content(batch.output_file_id!)).text());
    expect(output.map((line) => line.custom_id).sort()).toEqual(['chat-0', 'chat-1', 'chat-2', 'chat-3', 'chat-4']);
    // Independent truth: the same request sent interactively (temperature 0) gives the same text.
    for (const line of output) {
      const i = Number(line.custom_id.split('-')[1]);
      expect(line.response?.status_code).toBe(200);
      expect(line.response?.body).toMatchObject({ object: 'chat.completion', model: 'tiny' });
      const direct = await client.chat.completions.create(chat[i].body as OpenAI.ChatCompletionCreateParamsNonStreaming);
      expect(line.response?.body.choices[0].message.content).toBe(direct.choices[0].message.content);
      expect(line.response?.body.usage).toEqual(direct.usage);
    }
    const errors = parseJsonl(await (await client.files.content(batch.error_file_id!)).text());
    expect(errors).toEqual([expect.objectContaining({ custom_id: 'chat-5', response: expect.objectContaining({ status_code: 404 }) })]);
    expect(errors[0].response?.body.error.code).toBe('model_not_found');

    // Billed on the batch meter, once per answered request that used tokens, and batch.completed through the outbox.
    const usage = await harness.rows<{ payload: any }>(`SELECT payload FROM outbox_events WHERE topic = $1 AND payload->'data'->>'batchId' = $2`, [
      TOPICS.usageRecorded,
      batch.id,
    ]);
    expect(usage.map((row) => row.payload.data.meter)).toEqual(Array(5).fill('batch'));
    expect(usage.map((row) => row.payload.version)).toEqual(Array(5).fill(2));
    const completedEvents = await harness.rows<{ payload: any }>(`SELECT payload FROM outbox_events WHERE topic = 'batch.completed'`);
    expect(completedEvents.map((row) => row.payload.data)).toContainEqual(
      expect.objectContaining({ batchId: batch.id, requestCounts: { total: 6, completed: 5, failed: 1 }, outputFileId: batch.output_file_id }),
    );

    const texts = [
      { custom_id: 'a', method: 'POST', url: '/v1/completions', body: { model: 'tiny', prompt: 'the dog', max_tokens: 3, temperature: 0 } },
      { custom_id: 'b', method: 'POST', url: '/v1/embeddings', body: { model: 'tiny', input: 'the mat' } },
    ];
    const textBatch = await finished((await client.batches.create({ input_file_id: (await upload(jsonl(texts.slice(0, 1)))).id, endpoint: '/v1/completions', completion_window: '24h' })).id);
    const [text] = parseJsonl(await (await client.files.content(textBatch.output_file_id!)).text());
    expect(text.response?.body.choices[0].text).toBe((await client.completions.create(texts[0].body as OpenAI.CompletionCreateParamsNonStreaming)).choices[0].text);
    const embedBatch = await finished((await client.batches.create({ input_file_id: (await upload(jsonl(texts.slice(1)))).id, endpoint: '/v1/embeddings', completion_window: '24h' })).id);
    const [embedding] = parseJsonl(await (await client.files.content(embedBatch.output_file_id!)).text());
    const direct = await client.embeddings.create({ model: 'tiny', input: 'the mat', encoding_format: 'float' });
    expect(embedding.response?.body.data[0].embedding).toEqual(direct.data[0].embedding);
  });

  it('admits batch requests against a prepaid balance: refused at zero (insufficient_quota), then settled off it once credited', async () => {
    const prepaid = await harness.issueKey();
    await harness.registerModel(prepaid.tenantId, 'tiny');
    const prepaidClient = harness.client(prepaid.key);
    const redis = new Redis(infraEnv().REDIS_URL);
    const live = new LiveCreditBalance(redis);
    const tell = async (change: 'enable' | 'adjust', tokens: number, expected: number) => {
      await harness.publish(TOPICS.creditBalanceChanged, { tenantId: prepaid.tenantId, change, tokens, reason: 'e2e' }, prepaid.tenantId);
      await waitUntil(() => live.balance(prepaid.tenantId), (b) => b === expected, { what: `the live balance at ${expected}` });
    };
    const lines = [
      { custom_id: 'c', method: 'POST', url: '/v1/completions', body: { model: 'tiny', prompt: 'the cat', max_tokens: 4, temperature: 0 } },
      { custom_id: 'e', method: 'POST', url: '/v1/embeddings', body: { model: 'tiny', input: 'the mat' } },
    ];
    const run = async (endpoint: '/v1/completions' | '/v1/embeddings', line: object) => {
      const file = await prepaidClient.files.create({ file: await toFile(Buffer.from(jsonl([line])), 'input.jsonl'), purpose: 'batch' });
      const created = await prepaidClient.batches.create({ input_file_id: file.id, endpoint, completion_window: '24h' });
      return waitUntil(() => prepaidClient.batches.retrieve(created.id), (b) => ['completed', 'failed'].includes(b.status), { timeoutMs: 60_000, intervalMs: 200, what: 'the batch' });
    };

    await tell('enable', 0, 0);
    for (const [endpoint, line] of [['/v1/completions', lines[0]], ['/v1/embeddings', lines[1]]] as const) {
      const refused = await run(endpoint, line);
      expect(refused).toMatchObject({ status: 'completed', request_counts: { total: 1, completed: 0, failed: 1 } });
      const [error] = parseJsonl(await (await prepaidClient.files.content(refused.error_file_id!)).text());
      expect(error.response).toMatchObject({ status_code: 429, body: { error: { code: 'insufficient_quota' } } });
    }

    await tell('adjust', 1_000, 1_000);
    let used = 0;
    for (const [endpoint, line] of [['/v1/completions', lines[0]], ['/v1/embeddings', lines[1]]] as const) {
      const answered = await run(endpoint, line);
      expect(answered.request_counts).toMatchObject({ completed: 1, failed: 0 });
      const [output] = parseJsonl(await (await prepaidClient.files.content(answered.output_file_id!)).text());
      used += output.response!.body.usage.total_tokens;
    }
    // Each answer's tokens came off the live balance as the request settled, and nothing is left held.
    expect(used).toBeGreaterThan(0);
    expect(await live.balance(prepaid.tenantId)).toBe(1_000 - used);
    expect(await redis.hlen(`credits:{${prepaid.tenantId}}:holds`)).toBe(0);
    await redis.quit();
  });

  it('fails a batch whose lines call another endpoint, naming the line, with batch.failed', async () => {
    const lines = [
      { custom_id: 'x', method: 'POST', url: '/v1/completions', body: { model: 'tiny', prompt: 'the', max_tokens: 1 } },
      { custom_id: 'y', method: 'POST', url: '/v1/embeddings', body: { model: 'tiny', input: 'the' } },
    ];
    const batch = await finished((await client.batches.create({ input_file_id: (await upload(jsonl(lines))).id, endpoint: '/v1/completions', completion_window: '24h' })).id);
    expect(batch.status).toBe('failed');
    expect(batch.errors?.data?.[0]).toMatchObject({ code: 'mismatched_endpoint', line: 2 });
    expect(batch.errors?.data?.[0].message).toContain('Line 2');
    const failed = await harness.rows<{ payload: any }>(`SELECT payload FROM outbox_events WHERE topic = 'batch.failed'`);
    expect(failed.map((row) => row.payload.data.batchId)).toContain(batch.id);
  });

  it('refuses bad input files and batch parameters with 400s naming the line or field, keeping nothing', async () => {
    const good = { custom_id: 'a', method: 'POST', url: '/v1/completions', body: { model: 'tiny', prompt: 'the', max_tokens: 1 } };
    const refusals: [string, string | undefined, RegExp][] = [
      [`${JSON.stringify(good)}\n{not json\n`, undefined, /Line 2: is not valid JSON/],
      [jsonl([good, good]), undefined, /Line 2: custom_id "a" was already used on line 1/],
      [jsonl([{ ...good, url: '/v1/images' }]), undefined, /Line 1: url must be one of/],
      [jsonl([good, { ...good, custom_id: 'b', body: { model: 'tiny', prompt: 'the', temperature: 9 } }]), undefined, /Line 2: body: Invalid value for temperature/],
      [jsonl([{ ...good, body: { ...good.body, stream: true } }]), undefined, /Line 1: body.stream must not be true/],
      [jsonl(Array.from({ length: 501 }, (_, i) => ({ ...good, custom_id: `c${i}` }))), undefined, /501 lines; a batch takes at most 500/],
      ['', undefined, /The file is empty/],
      [jsonl([good]), 'fine-tune', /purpose must be "batch"/],
    ];
    for (const [text, purpose, message] of refusals) {
      const error = await upload(text, purpose).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(OpenAI.BadRequestError);
      expect((error as Error).message).toMatch(message);
    }
    const tooLarge = await upload('x'.repeat(200_001)).catch((e: unknown) => e);
    expect((tooLarge as APIError).status).toBe(413);
    const listed = await client.files.list();
    expect(listed.data.every((file) => file.purpose !== 'batch' || file.bytes < 200_000)).toBe(true);
    expect(await harness.rows(`SELECT count(*)::int AS n FROM batch_files WHERE bytes > 200000`)).toEqual([{ n: 0 }]);
    // Nothing of a refused upload stays in the blob store, staged or published.
    const blobs = path.join(harness.modelsDir, 'blobs');
    expect(readdirSync(path.join(blobs, '.staging'))).toEqual([]);
    const kept = (await client.files.list({ limit: 100 })).data.length;
    expect(readdirSync(path.join(blobs, 'tenants', tenant.tenantId, 'batch-files')).filter((name) => !name.includes('-output') && !name.includes('-error'))).toHaveLength(
      (await harness.rows(`SELECT id FROM batch_files WHERE tenant_id = $1 AND purpose = 'batch'`, [tenant.tenantId])).length,
    );
    expect(kept).toBeGreaterThan(0);

    const file = await upload(jsonl([good]));
    const bad = [
      [{ input_file_id: file.id, endpoint: '/v1/completions', completion_window: '1h' }, /completion_window/],
      [{ input_file_id: file.id, endpoint: '/v1/responses', completion_window: '24h' }, /endpoint/],
      [{ input_file_id: 'file-nope', endpoint: '/v1/completions', completion_window: '24h' }, /No such File object: file-nope/],
    ] as const;
    for (const [body, message] of bad) {
      const error = await client.batches.create(body as never).catch((e: unknown) => e);
      expect((error as APIError).status).toBeGreaterThanOrEqual(400);
      expect((error as APIError).status).toBeLessThan(500);
      expect((error as Error).message).toMatch(message);
    }
  });

  it('cancels a running batch: cancelling, then cancelled with what was answered before', async () => {
    const lines = Array.from({ length: 300 }, (_, i) => ({ custom_id: `r${i}`, method: 'POST', url: '/v1/completions', body: { model: 'tiny', prompt: 'the cat sat', max_tokens: 60 } }));
    const created = await client.batches.create({ input_file_id: (await upload(jsonl(lines))).id, endpoint: '/v1/completions', completion_window: '24h' });
    await waitUntil(() => client.batches.retrieve(created.id), (b) => b.status === 'in_progress', { what: 'batch in progress', intervalMs: 50 });
    const cancelling = await client.batches.cancel(created.id);
    expect(cancelling.status).toBe('cancelling');
    expect(cancelling.cancelling_at).not.toBeNull();
    const batch = await finished(created.id);
    expect(batch.status).toBe('cancelled');
    expect(batch.request_counts!.completed).toBeLessThan(300);
    const answered = batch.output_file_id ? parseJsonl(await (await client.files.content(batch.output_file_id)).text()) : [];
    expect(answered).toHaveLength(batch.request_counts!.completed);
    const again = await client.batches.cancel(created.id);
    expect(again.status).toBe('cancelled');
  });

  it('expires a batch past its window: answered requests in the output file, the rest batch_expired in the error file', async () => {
    const lines = Array.from({ length: 200 }, (_, i) => ({ custom_id: `e${i}`, method: 'POST', url: '/v1/completions', body: { model: 'tiny', prompt: 'the dog ran', max_tokens: 60 } }));
    const created = await client.batches.create({ input_file_id: (await upload(jsonl(lines))).id, endpoint: '/v1/completions', completion_window: '24h' });
    const answered = () => harness.rows<{ n: number }>(`SELECT count(*)::int AS n FROM batch_requests WHERE batch_id = $1 AND state = 'done'`, [created.id]);
    await waitUntil(answered, ([row]) => row.n >= 1, { what: 'a first answer', intervalMs: 20 });
    // The window ends now (24 h would be a long test).
    await harness.rows(`UPDATE batches SET expires_at = now() WHERE id = $1 RETURNING 1`, [created.id]);
    const batch = await finished(created.id);
    expect(batch.status).toBe('expired');
    expect(batch.expired_at).not.toBeNull();
    const output = batch.output_file_id ? parseJsonl(await (await client.files.content(batch.output_file_id)).text()) : [];
    const errors = parseJsonl(await (await client.files.content(batch.error_file_id!)).text());
    expect(output.length).toBe(batch.request_counts!.completed);
    expect(output.length + errors.length).toBe(200);
    expect(new Set([...output, ...errors].map((line) => line.custom_id)).size).toBe(200);
    expect(errors.every((line) => line.error?.code === 'batch_expired' && line.response === null)).toBe(true);
  });

  it('honours Idempotency-Key on uploads and batch creation: a retry gets the first answer, other content under the key 422', async () => {
    const text = jsonl([{ custom_id: 'idempotent', method: 'POST', url: '/v1/completions', body: { model: 'tiny', prompt: 'the', max_tokens: 1 } }]);
    const send = async (content: string, idempotencyKey: string) => client.files.create({ file: await toFile(Buffer.from(content), 'input.jsonl'), purpose: 'batch' }, { headers: { 'Idempotency-Key': idempotencyKey } });
    const first = await send(text, 'upload-once');
    expect((await send(text, 'upload-once')).id).toBe(first.id);
    expect(((await send(text.replace('the', 'a'), 'upload-once').catch((e: unknown) => e)) as APIError).status).toBe(422);
    const create = () => client.batches.create({ input_file_id: first.id, endpoint: '/v1/completions', completion_window: '24h' }, { headers: { 'Idempotency-Key': 'batch-once' } });
    const batch = await create();
    expect((await create()).id).toBe(batch.id);
    expect(await harness.rows(`SELECT count(*)::int AS n FROM batches WHERE input_file_id = $1`, [first.id])).toEqual([{ n: 1 }]);
    expect(await harness.rows(`SELECT count(*)::int AS n FROM batch_files WHERE sha256 = (SELECT sha256 FROM batch_files WHERE id = $1)`, [first.id])).toEqual([{ n: 1 }]);
  });

  it("keeps tenants apart: another tenant's key sees none of the files and batches", async () => {
    const other = harness.client((await harness.issueKey()).key);
    const file = await upload(jsonl([{ custom_id: 'a', method: 'POST', url: '/v1/completions', body: { model: 'tiny', prompt: 'the', max_tokens: 1 } }]));
    const batch = await client.batches.create({ input_file_id: file.id, endpoint: '/v1/completions', completion_window: '24h' });
    for (const call of [() => other.files.retrieve(file.id), () => other.files.content(file.id), () => other.files.delete(file.id), () => other.batches.retrieve(batch.id), () => other.batches.cancel(batch.id)]) {
      expect(((await call().catch((e: unknown) => e)) as APIError).status).toBe(404);
    }
    expect((await other.batches.create({ input_file_id: file.id, endpoint: '/v1/completions', completion_window: '24h' }).catch((e: unknown) => e)) as APIError).toHaveProperty('status', 404);
    expect((await other.files.list()).data).toEqual([]);
    expect((await other.batches.list()).data).toEqual([]);
    expect((await client.files.delete(file.id)).deleted).toBe(true);
    expect(((await client.files.retrieve(file.id).catch((e: unknown) => e)) as APIError).status).toBe(404);
  });

  describe('the batch lane: its own per-minute windows, apart from the interactive ones', () => {
    /** Requests per minute for the lane tenants: a batch of more lines must wait for its lane's next minute. */
    const RPM = 4;
    let redis: Redis;
    beforeAll(() => {
      redis = new Redis(infraEnv().REDIS_URL);
    });
    afterAll(() => redis.quit());

    /** What a lane's requests-per-minute windows of a key or tenant hold, read from Redis (all live minutes summed). */
    async function requestsCounted(lane: 'interactive' | 'batch', scope: 'key' | 'tenant', id: string): Promise<number> {
      const keys = (await redis.keys(`serving:rl:*:rpm:${scope}:${id}`)).filter((key) => key.includes(':batch:') === (lane === 'batch'));
      const values = keys.length > 0 ? await redis.mget(...keys) : [];
      return values.reduce((sum, v) => sum + Number(v ?? 0), 0);
    }
    const windows = async (key: TenantKey) => ({
      interactive: { key: await requestsCounted('interactive', 'key', key.apiKeyId), tenant: await requestsCounted('interactive', 'tenant', key.tenantId) },
      batch: { key: await requestsCounted('batch', 'key', key.apiKeyId), tenant: await requestsCounted('batch', 'tenant', key.tenantId) },
    });

    /** The windows are wall-clock minutes: start where at least 20 s of this one are left, so one minute holds the whole check. */
    async function inOneMinute(): Promise<void> {
      const left = 60_000 - (Date.now() % 60_000);
      if (left < 20_000) await new Promise((resolve) => setTimeout(resolve, left + 100));
    }

    const lines = (count: number) => Array.from({ length: count }, (_, i) => ({ custom_id: `l${i}`, method: 'POST', url: '/v1/completions', body: { model: 'laned', prompt: 'the cat', max_tokens: 2, temperature: 0, seed: i } }));
    const submit = async (laneClient: OpenAI, count: number) => {
      const file = await laneClient.files.create({ file: await toFile(Buffer.from(jsonl(lines(count))), 'input.jsonl'), purpose: 'batch' });
      return laneClient.batches.create({ input_file_id: file.id, endpoint: '/v1/completions', completion_window: '24h' });
    };
    const interactive = (laneClient: OpenAI) => laneClient.completions.create({ model: 'laned', prompt: 'the dog', max_tokens: 2 }).then(
      (answer) => ({ status: 200, code: undefined as string | undefined, answer }),
      (e: APIError) => ({ status: e.status, code: e.code ?? undefined, answer: null }),
    );

    it('limits a batch by its own lane: a full batch window leaves the interactive one untouched, and an interactive request still succeeds', async () => {
      const key = await harness.tenantWithLimits('laned', 128, RPM, 1_000_000);
      const laneClient = harness.client(key.key);
      await inOneMinute();
      const before = await windows(key);
      const created = await submit(laneClient, RPM + 2);
      // RPM lines answered in this minute; the other two given back (not counted as tries) until the lane's next minute.
      const waiting = await waitUntil(
        () =>
          harness.rows<{ done: number; waiting: number; attempts: number }>(
            `SELECT count(*) FILTER (WHERE state = 'done')::int AS done, count(*) FILTER (WHERE state = 'pending' AND lease_owner IS NULL AND lease_until > now())::int AS waiting,
                    coalesce(sum(attempts) FILTER (WHERE state = 'pending'), 0)::int AS attempts FROM batch_requests WHERE batch_id = $1`,
            [created.id],
          ),
        ([row]) => row.done + row.waiting === RPM + 2 && row.waiting > 0,
        { timeoutMs: 30_000, intervalMs: 100, what: 'the batch held at its lane window' },
      );
      expect(waiting).toEqual([{ done: RPM, waiting: 2, attempts: 0 }]);
      const held = await windows(key);
      expect(held.batch).toEqual({ key: RPM, tenant: RPM });
      expect(held.interactive).toEqual(before.interactive); // the batch took nothing of the interactive windows

      const after = await interactive(laneClient);
      expect(after.status).toBe(200);
      expect((await windows(key)).interactive).toEqual({ key: before.interactive.key + 1, tenant: before.interactive.tenant + 1 });
      expect((await windows(key)).batch).toEqual({ key: RPM, tenant: RPM });

      // A cancel ends it at once with the answered lines: the two waiting for the next minute are not running.
      await laneClient.batches.cancel(created.id);
      const cancelled = await waitUntil(() => laneClient.batches.retrieve(created.id), (b) => b.status === 'cancelled', { timeoutMs: 15_000, intervalMs: 100, what: 'the batch cancelled' });
      expect(cancelled.request_counts).toEqual({ total: RPM + 2, completed: RPM, failed: 0 });
    });

    it('completes a batch while interactive traffic has used up the interactive window', async () => {
      const key = await harness.tenantWithLimits('laned', 128, RPM, 1_000_000);
      const laneClient = harness.client(key.key);
      await inOneMinute();
      const answers: Awaited<ReturnType<typeof interactive>>[] = [];
      for (let i = 0; i <= RPM; i++) answers.push(await interactive(laneClient));
      const refused = answers.filter((a) => a.status === 429);
      expect(refused.length).toBeGreaterThan(0); // the interactive window is full (the model probe may have taken a tenant slot)
      expect(refused.every((a) => a.code === 'rate_limit_exceeded')).toBe(true);
      const full = await windows(key);
      expect(full.interactive.key).toBe(answers.filter((a) => a.status === 200).length);
      expect(full.batch).toEqual({ key: 0, tenant: 0 });

      const batch = await finished((await submit(laneClient, RPM)).id, laneClient);
      expect(batch).toMatchObject({ status: 'completed', request_counts: { total: RPM, completed: RPM, failed: 0 } });
      const output = parseJsonl(await (await laneClient.files.content(batch.output_file_id!)).text());
      expect(output.map((line) => line.response?.status_code)).toEqual(Array(RPM).fill(200));
      expect(await windows(key)).toEqual({ interactive: full.interactive, batch: { key: RPM, tenant: RPM } });
      expect((await interactive(laneClient)).status).toBe(429); // and the batch gave the interactive lane nothing back
    });
  });
});
