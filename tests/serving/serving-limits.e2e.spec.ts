import { BudgetUpdatedV1 } from '@llmchain/contracts';
import { LiveCreditBalance } from '@llmchain/platform';
import { infraEnv, waitUntil } from '@llmchain/testing';
import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { AdmissionHolds, AdmissionVerdict } from '../../apps/serving-service/src/limits/admission-holds.service';
import { LiveBudgets } from '../../apps/serving-service/src/limits/live-budgets';
import { ServingHarness, TenantKey } from './serving-harness';

const WINDOW_MS = 60_000;
/** The limiter's injected clock: 20.4 s into a one-minute window, so a refusal's Retry-After is ceil(39.6) = 40 s. */
const NOW = 29_000_000 * WINDOW_MS + 20_400;

type Answer = { status: number; retryAfter: string | null; body: { id?: string; usage?: { total_tokens: number; completion_tokens: number }; error?: { code: string; message: string; param?: string } } };

/**
 * serving's limits where they can be crossed: the per-minute windows under concurrent requests from several
 * connections against the real Redis script, the prompt + max_tokens × n reservation and its refund, 429 for a full
 * queue, and the caps on one embeddings request.
 */
describe('serving-service limits', () => {
  const harness = new ServingHarness();
  /** Four connections, as four serving processes would hold. */
  const connections = Array.from({ length: 4 }, () => new Redis(infraEnv().REDIS_URL, { lazyConnect: true }));
  const holds = connections.map((redis) => new AdmissionHolds(redis));
  const redis = connections[0];

  beforeAll(async () => {
    await Promise.all(connections.map((c) => c.connect()));
    // One sequence at a time and one waiting: a third concurrent request finds the queue full.
    await harness.start({ MAX_BATCH_SIZE: '1', MAX_QUEUED_REQUESTS: '1' });
  });
  afterAll(async () => {
    await harness.teardown();
    await Promise.all(connections.map((c) => c.quit()));
  });

  /** Admits concurrently, spread over the four connections. */
  const admitAll = (count: number, subject: (i: number) => { tenantId: string; apiKeyId: string }, limits: { requestsPerMinute: number; tokensPerMinute: number }, tokens: number) =>
    Promise.all(Array.from({ length: count }, (_, i) => holds[i % holds.length].hold(subject(i), limits, tokens, NOW)));
  const refusals = (verdicts: AdmissionVerdict[]) =>
    verdicts.flatMap((v) => (v.ok ? [] : v.refused === 'rate' ? [{ limit: v.limit, retryAfterSeconds: v.retryAfterSeconds }] : [{ limit: v.refused, retryAfterSeconds: 0 }]));

  it('admits exactly a key’s requests per minute out of 40 at once, and a tenant’s across its keys', async () => {
    const key = { tenantId: randomUUID(), apiKeyId: randomUUID() };
    const perKey = await admitAll(40, () => key, { requestsPerMinute: 10, tokensPerMinute: 1_000_000 }, 1);
    expect(perKey.filter((v) => v.ok)).toHaveLength(10);
    expect(new Set(refusals(perKey).map((r) => JSON.stringify(r)))).toEqual(new Set([JSON.stringify({ limit: 'requests per minute for this key', retryAfterSeconds: 40 })]));

    const tenantId = randomUUID();
    const keys = [randomUUID(), randomUUID()];
    const perTenant = await admitAll(40, (i) => ({ tenantId, apiKeyId: keys[i % 2] }), { requestsPerMinute: 10, tokensPerMinute: 1_000_000 }, 1);
    expect(perTenant.filter((v) => v.ok)).toHaveLength(10);
    expect(refusals(perTenant).map((r) => r.limit)).toContain('requests per minute for this tenant');
  });

  it('admits exactly the tokens per minute, gives back what a request did not use, and opens a new window each minute', async () => {
    const key = { tenantId: randomUUID(), apiKeyId: randomUUID() };
    const limits = { requestsPerMinute: 1_000, tokensPerMinute: 1_000 };
    const verdicts = await admitAll(10, () => key, limits, 300);
    const admitted = verdicts.flatMap((v) => (v.ok ? [v.reservation] : []));
    expect(admitted).toHaveLength(3);
    expect(refusals(verdicts).every((r) => r.limit === 'tokens per minute for this key')).toBe(true);

    await holds[1].release(admitted[0], 100); // used 100 of its 300: 200 come back, 700 are taken
    expect((await holds[2].hold(key, limits, 300, NOW)).ok).toBe(true);
    expect(await holds[3].hold(key, limits, 1, NOW)).toMatchObject({ ok: false, refused: 'rate', limit: 'tokens per minute for this key' });
    expect((await holds[0].hold(key, limits, 1_000, NOW + WINDOW_MS)).ok).toBe(true);
  });

  it('checks credits, then budgets, then the windows in one script, and a refusal leaves nothing held', async () => {
    // The real clock (one instant for every call): a budget counter expires a week after its window ends.
    const now = Date.now();
    const subject = { tenantId: randomUUID(), apiKeyId: randomUUID() };
    const credits = new LiveCreditBalance(redis);
    const budgets = new LiveBudgets(redis);
    const budgetId = randomUUID();
    const budget = (limitTokens: number): BudgetUpdatedV1['data'] => ({
      tenantId: subject.tenantId,
      budgetId,
      name: 'launch',
      apiKeyId: null,
      change: 'upsert',
      limitTokens,
      windowKind: 'custom',
      windowStart: new Date(now - 1_000).toISOString(),
      windowEnd: new Date(now + 3_600_000).toISOString(),
      tokens: 0,
    });
    const spent = async () => Number((await redis.get(`budgets:{${subject.tenantId}}:spent:${budgetId}:${now - 1_000}`)) ?? 0);
    const held = async () => (await redis.hvals(`credits:{${subject.tenantId}}:holds`)).reduce((sum, tokens) => sum + Number(tokens), 0);
    const windowTokens = async () => Number((await redis.get(`serving:rl:{${subject.tenantId}}:${Math.floor(now / WINDOW_MS)}:tpm:key:${subject.apiKeyId}`)) ?? 0);
    await credits.apply({ eventId: randomUUID(), tenantId: subject.tenantId, change: 'enable', tokens: 1_000 });
    await budgets.apply(randomUUID(), budget(500));

    // The window refuses last: the credit and budget holds taken before it in the script are given back.
    expect(await holds[0].hold(subject, { requestsPerMinute: 10, tokensPerMinute: 100 }, 200, now)).toMatchObject({ ok: false, refused: 'rate', limit: 'tokens per minute for this key' });
    expect([await held(), await spent(), await windowTokens()]).toEqual([0, 0, 0]);

    const admitted = await holds[1].hold(subject, { requestsPerMinute: 10, tokensPerMinute: 10_000 }, 600, now);
    expect(admitted).toMatchObject({ ok: true, reservation: { reserved: 600, credit: { tokens: 600 }, budgets: { tokens: 600 } } });
    expect([await held(), await spent(), await windowTokens()]).toEqual([600, 600, 600]);

    // The budget is spent (600 of 500) while credits are left: refused naming the budget, its credit hold given back.
    const overBudget = await holds[2].hold(subject, { requestsPerMinute: 10, tokensPerMinute: 10_000 }, 100, now);
    expect(overBudget).toMatchObject({ ok: false, refused: 'budget', budget: { budgetId, name: 'launch', limitTokens: 500, limitMoney: null, windowEnd: new Date(now + 3_600_000) } });
    expect([await held(), await spent(), await windowTokens()]).toEqual([600, 600, 600]);
    // v2 re-prices it as a budget in money: the refusal carries the money limit the tenant set, for its message.
    await budgets.apply(randomUUID(), { ...budget(500), change: 'limit', limitMoney: { amountMinor: 4_000, currency: 'JPY' } });
    const overMoney = await holds[0].hold(subject, { requestsPerMinute: 10, tokensPerMinute: 10_000 }, 100, now);
    expect(overMoney).toMatchObject({ ok: false, refused: 'budget', budget: { budgetId, limitTokens: 500, limitMoney: { amountMinor: 4_000, currency: 'JPY' } } });
    expect([await held(), await spent(), await windowTokens()]).toEqual([600, 600, 600]);

    // Credits come first: with the balance held up, a request is refused for credits whatever the budget says.
    await budgets.apply(randomUUID(), { ...budget(100_000), change: 'limit' });
    await credits.apply({ eventId: randomUUID(), tenantId: subject.tenantId, change: 'adjust', tokens: -400 });
    expect(await holds[3].hold(subject, { requestsPerMinute: 10, tokensPerMinute: 10_000 }, 100, now)).toEqual({ ok: false, refused: 'credits' });
    expect([await held(), await spent(), await windowTokens()]).toEqual([600, 600, 600]);

    // A script that fails after the credit hold (a budget definition it cannot read) leaves that hold ended too.
    await holds[0].release((admitted as Extract<AdmissionVerdict, { ok: true }>).reservation, 0);
    await redis.hset(`budgets:{${subject.tenantId}}:definitions`, randomUUID(), 'not json');
    await expect(holds[1].hold(subject, { requestsPerMinute: 10, tokensPerMinute: 10_000 }, 100, now)).rejects.toThrow(/invalid token/);
    expect([await held(), await spent(), await windowTokens()]).toEqual([0, 0, 0]);
  });

  const tenantWithLimits = harness.tenantWithLimits.bind(harness);

  async function complete(key: TenantKey, body: object): Promise<Answer> {
    const response = await fetch(`${harness.serving.baseUrl}/v1/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key.key}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as Answer['body'] };
  }

  /** The tokens a key holds in its tokens-per-minute windows, read from Redis. */
  async function keyTokens(apiKeyId: string): Promise<number> {
    const keys = await redis.keys(`serving:rl:*:tpm:key:${apiKeyId}`);
    const values = keys.length > 0 ? await redis.mget(...keys) : [];
    return values.reduce((sum, v) => sum + Number(v ?? 0), 0);
  }

  it('reserves prompt + max_tokens × n before generating, and keeps only what was used', async () => {
    const key = await tenantWithLimits('reserving', 128, 1_000, 200);
    const request = { model: 'reserving', prompt: 'the cat', max_tokens: 100, temperature: 1, seed: 5 };
    for (const n of [3, 2]) {
      const refused = await complete(key, { ...request, n });
      expect(refused).toMatchObject({ status: 429, body: { error: { code: 'rate_limit_exceeded', message: expect.stringMatching(/tokens per minute for this key/) } } });
    }
    expect(await keyTokens(key.apiKeyId)).toBe(0); // a refused request holds nothing

    const answered = await complete(key, { ...request, n: 1, stop: [' ', '.'] });
    expect(answered.status).toBe(200);
    const used = answered.body.usage!;
    expect(used.completion_tokens).toBeLessThan(request.max_tokens); // the stop ended it early: there is something to give back
    await waitUntil(() => keyTokens(key.apiKeyId), (tokens) => tokens === used.total_tokens, { timeoutMs: 10_000, what: `the key's window to hold the ${used.total_tokens} tokens used` });
  });

  it('starts a request on an idle model before its verdict; a refusal discards it unmetered, and then the tenant waits for verdicts', async () => {
    const key = await tenantWithLimits('early', 128, 1_000, 50);
    const usageRows = () => harness.rows('SELECT 1 FROM usage_records WHERE api_key_id = $1 UNION ALL SELECT 1 FROM usage_reservations WHERE api_key_id = $1', [key.apiKeyId]);
    for (let i = 0; i < 2; i++) {
      const refused = await complete(key, { model: 'early', prompt: 'the cat', max_tokens: 100, temperature: 0 });
      expect(refused).toMatchObject({ status: 429, body: { error: { code: 'rate_limit_exceeded', message: expect.stringMatching(/tokens per minute for this key/) } } });
    }
    // The first was prefilled while Redis decided and then discarded; the second, after the tenant's refusal, was not started.
    expect(await harness.metric('serving_discarded_prefills_total{model="early"}')).toBe(1);
    expect(await keyTokens(key.apiKeyId)).toBe(0);
    expect(await usageRows()).toEqual([]);

    const answered = await complete(key, { model: 'early', prompt: 'the cat', max_tokens: 8, temperature: 0 });
    expect(answered.status).toBe(200);
    const records = await waitUntil(
      () => harness.rows<{ completion_tokens: number }>('SELECT completion_tokens FROM usage_records WHERE api_key_id = $1', [key.apiKeyId]),
      (rows) => rows.length > 0,
      { what: 'the answered request metered' },
    );
    expect(records).toEqual([{ completion_tokens: answered.body.usage!.completion_tokens }]);
  });

  it('answers 429 with Retry-After when the model’s queue is full, and meters and holds only what was served', async () => {
    const key = await tenantWithLimits('queued', 1024, 1_000, 1_000_000);
    const answers = await Promise.all(
      Array.from({ length: 5 }, (_, i) => complete(key, { model: 'queued', prompt: 'the cat', max_tokens: 400, temperature: 1, seed: i })),
    );
    const served = answers.filter((a) => a.status === 200);
    const overloaded = answers.filter((a) => a.status === 429);
    expect(served.length + overloaded.length).toBe(5);
    expect(served.length).toBeGreaterThanOrEqual(2); // the running one and the waiting one
    expect(overloaded.length).toBeGreaterThanOrEqual(1);
    for (const answer of overloaded) {
      expect(answer).toMatchObject({ retryAfter: '1', body: { error: { code: 'rate_limit_exceeded', message: expect.stringMatching(/overloaded: the model's queue is full \(requests\)/) } } });
    }
    const servedTokens = served.reduce((sum, a) => sum + a.body.usage!.total_tokens, 0);
    await waitUntil(() => keyTokens(key.apiKeyId), (tokens) => tokens === servedTokens, { timeoutMs: 10_000, what: `the key's window to hold the ${servedTokens} tokens served` });
    const records = await waitUntil(
      () => harness.rows<{ request_id: string }>('SELECT request_id FROM usage_records WHERE api_key_id = $1', [key.apiKeyId]),
      (rows) => rows.length >= served.length,
      { what: 'the served requests metered' },
    );
    expect(records.map((r) => r.request_id).sort()).toEqual(served.map((a) => a.body.id).sort());
  });

  it('refuses an embeddings request past 2,048 inputs or 300,000 tokens with a 400 naming the input', async () => {
    const key = await tenantWithLimits('embedder', 1024, 1_000, 10_000_000);
    const embed = async (input: unknown) => {
      const response = await fetch(`${harness.serving.baseUrl}/v1/embeddings`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key.key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'embedder', input }),
      });
      return { status: response.status, body: (await response.json()) as Answer['body'] };
    };
    expect(await embed(Array.from({ length: 2_048 }, () => 'a'))).toMatchObject({ status: 200 });
    expect(await embed(Array.from({ length: 2_049 }, () => 'a'))).toMatchObject({ status: 400, body: { error: { param: 'input', message: expect.stringMatching(/up to 2048/) } } });
    // 300 inputs of 1,000 tokens and one more token: each fits the model, together they pass the cap (checked before any work).
    const tokens = Array.from({ length: 300 }, () => Array.from({ length: 1_000 }, (_, i) => 5 + (i % 50)));
    expect(await embed([...tokens, [5]])).toMatchObject({
      status: 400,
      body: { error: { param: 'input', message: 'The inputs hold 300001 tokens; one request may embed at most 300000. Split them over several requests.' } },
    });
    expect(await harness.rows('SELECT 1 FROM usage_records WHERE api_key_id = $1', [key.apiKeyId])).toHaveLength(1);
  });
});
