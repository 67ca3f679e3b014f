import { TOPICS } from '@llmchain/contracts';
import { directoryArtifactSha256, LiveCreditBalance } from '@llmchain/platform';
import { infraEnv, ServiceProcess, ServiceStack, queryRows, waitUntil } from '@llmchain/testing';
import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { exportTinyModel } from '../serving/tiny-model';
import { addBilling, BillingApi, billingRows, planBody } from './billing-api';
import { UsageProducer, usageEvent } from './usage-producer';

const STREAMS = 16;
const MAX_TOKENS = 24;
const GRANTED = 4_000;

type Completion = { status: number; code?: string; totalTokens: number; promptTokens: number };

/**
 * Prepaid credits end to end: billing-service and two serving-service processes on one Redis and Kafka. A prepaid
 * tenant is refused at zero at once, draws its grant down under 16 concurrent streams spread over both processes,
 * and is stopped within one request of the balance running out; billing's ledger, the live balance and the invoice
 * agree afterwards. Automatic top-up happens once per crossing however often usage is redelivered.
 */
describe('prepaid credits', () => {
  const modelsDir = mkdtempSync(path.join(tmpdir(), 'credits-models-'));
  const stack = new ServiceStack();
  const redis = new Redis(infraEnv().REDIS_URL, { lazyConnect: true });
  const live = new LiveCreditBalance(redis);
  let api: BillingApi;
  let servings: ServiceProcess[];
  let admin: string;
  let producer: UsageProducer;
  let prepaidPlanId: string;

  beforeAll(async () => {
    api = await addBilling(stack, { CREDIT_SWEEP_INTERVAL_MS: '500' });
    const servingEnv = { MODELS_DIR: modelsDir, BLOB_STORE_DIR: path.join(modelsDir, 'blobs'), MODEL_CACHE_DIR: path.join(modelsDir, 'cache'), LOG_LEVEL: 'warn' };
    servings = [await stack.add('serving-service', servingEnv), await stack.addWorker('serving-service', 'main.ts', servingEnv)];
    await stack.startAll();
    await redis.connect();
    admin = await api.loginAdmin();
    producer = new UsageProducer(stack.topicPrefix);
    await producer.connect();
    const plan = await api.call('POST', '/admin/plans', admin, planBody({ code: 'prepaid', includedTokens: 0, prepaid: true }));
    expect(plan.status).toBe(201);
    prepaidPlanId = plan.body.id;
  });

  afterAll(async () => {
    await producer?.disconnect();
    await redis.quit();
    await stack.teardown();
    rmSync(modelsDir, { recursive: true, force: true });
  });

  /** A tenant on the prepaid plan since today, with a serving key. */
  async function prepaidTenant(name: string): Promise<{ id: string; key: string }> {
    const tenant = await api.call('POST', '/admin/tenants', admin, { name });
    const key = await api.call('POST', `/admin/tenants/${tenant.body.id}/api-keys`, admin, { name: 'k', scopes: ['serving'] });
    expect((await api.call('PUT', `/admin/tenants/${tenant.body.id}/subscription`, admin, { planId: prepaidPlanId })).status).toBe(200);
    return { id: tenant.body.id, key: key.body.key };
  }

  async function complete(serving: ServiceProcess, key: string, model: string): Promise<Completion> {
    const response = await fetch(`${serving.baseUrl}/v1/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model, prompt: 'the cat sat on the mat', max_tokens: MAX_TOKENS, stream: true, stream_options: { include_usage: true } }),
    });
    const text = await response.text();
    if (response.status !== 200) return { status: response.status, code: (JSON.parse(text) as { error?: { code?: string } }).error?.code, totalTokens: 0, promptTokens: 0 };
    const usage = text
      .split('\n')
      .filter((line) => line.startsWith('data: {'))
      .map((line) => JSON.parse(line.slice(6)) as { usage?: { total_tokens: number; prompt_tokens: number } })
      .find((chunk) => chunk.usage)?.usage;
    if (!usage) throw new Error(`a stream without usage: ${text.slice(0, 300)}`);
    return { status: 200, totalTokens: usage.total_tokens, promptTokens: usage.prompt_tokens };
  }

  const credits = (tenantKey: string) => api.call('GET', '/v1/credits?limit=100', tenantKey);
  const servedTokens = async (tenantId: string) =>
    Number((await queryRows<{ t: string | null }>(stack.database('serving-service').url, 'SELECT SUM(prompt_tokens + completion_tokens)::text AS t FROM usage_records WHERE tenant_id = $1', [tenantId]))[0].t ?? 0);
  const ledgerTokens = async (tenantId: string) =>
    Number((await billingRows<{ t: string | null }>(stack, 'SELECT SUM(tokens)::text AS t FROM usage_ledger WHERE tenant_id = $1', [tenantId]))[0].t ?? 0);

  it('stops a tenant at zero within one request under 16 concurrent streams on two serving processes', async () => {
    const tenant = await prepaidTenant('streams');
    const model = 'credits-tiny';
    const artifactKey = `models/${randomUUID()}`;
    await exportTinyModel(modelsDir, artifactKey);
    const registered = {
      tenantId: tenant.id, modelId: randomUUID(), name: model, trainingJobId: randomUUID(), datasetVersionId: randomUUID(),
      artifactBlobKey: artifactKey, artifactSha256: await directoryArtifactSha256(path.join(modelsDir, artifactKey)), contextLength: 128,
    };
    const announcement = { id: randomUUID(), type: TOPICS.modelRegistered, version: 1, occurredAt: new Date().toISOString(), producer: 'tests', data: registered };
    await producer.send([announcement], TOPICS.modelRegistered);

    // At zero (the plan is prepaid, nothing granted yet) every request is refused at once, on both processes.
    for (const serving of servings) {
      const refused = await waitUntil(() => complete(serving, tenant.key, model), (c) => c.status === 429, { timeoutMs: 120_000, what: 'the model ready and the request refused' });
      expect(refused.code).toBe('insufficient_quota');
    }

    const grant = await api.call('POST', `/admin/tenants/${tenant.id}/credits/grants`, admin, { tokens: GRANTED, reason: 'e2e' });
    expect(grant).toMatchObject({ status: 201, body: { amount: String(GRANTED), remaining: String(GRANTED), status: 'active', source: 'admin' } });
    await waitUntil(() => live.balance(tenant.id), (b) => b === GRANTED, { what: 'the grant in the live balance' });
    // Set above the threshold, so the one crossing below it is what alerts.
    expect((await api.call('PUT', `/admin/tenants/${tenant.id}/credits/settings`, admin, { lowBalanceThreshold: 1_000, topUp: null })).status).toBe(200);

    let hold = 0;
    const answers: Completion[] = [];
    await Promise.all(
      Array.from({ length: STREAMS }, async (_, stream) => {
        for (let i = 0; ; i++) {
          const answer = await complete(servings[(stream + i) % 2], tenant.key, model);
          answers.push(answer);
          if (answer.status !== 200) return;
          hold = Math.max(hold, answer.promptTokens + MAX_TOKENS);
        }
      }),
    );
    const refusals = answers.filter((a) => a.status !== 200);
    expect(refusals).toHaveLength(STREAMS);
    expect(new Set(refusals.map((a) => a.code))).toEqual(new Set(['insufficient_quota']));
    const served = answers.reduce((sum, a) => sum + a.totalTokens, 0);
    expect(await servedTokens(tenant.id)).toBe(served);
    // Each stream stopped at its first refusal; holds of other streams may have given tokens back since. Whatever
    // is left is served one request at a time until the balance is at or below zero.
    let drained = served;
    for (let i = 0; ; i++) {
      const answer = await complete(servings[i % 2], tenant.key, model);
      if (answer.status !== 200) break;
      drained += answer.totalTokens;
    }
    const overspend = drained - GRANTED;
    // The stated bound: the balance falls below zero by less than one request's hold (prompt + max_tokens).
    expect(overspend).toBeGreaterThanOrEqual(0);
    expect(overspend).toBeLessThan(hold);
    console.log(`prepaid credits: ${GRANTED} tokens granted, ${drained} served over ${answers.length} streamed requests, overspend ${overspend} (bound: one hold = ${hold})`);

    // Billing draws the grant exactly, bills the overspend as metered usage, and gives it back to the live balance.
    await waitUntil(() => ledgerTokens(tenant.id), (t) => t === drained, { what: 'every served token in the ledger' });
    const balance = await waitUntil(() => credits(tenant.key), (r) => r.body.balance === '0', { what: 'the billed balance at zero' });
    const history = balance.body.history.data as { kind: string; amount: string; uncovered: string | null }[];
    expect(history.filter((t) => t.kind === 'consume').reduce((sum, t) => sum - Number(t.amount), 0)).toBe(GRANTED);
    expect(history.filter((t) => t.kind === 'overdraw').reduce((sum, t) => sum + Number(t.uncovered), 0)).toBe(overspend);
    await waitUntil(() => live.balance(tenant.id), (b) => b === 0, { what: 'the live balance back at zero once the overspend is billed' });
    expect(await complete(servings[0], tenant.key, model)).toMatchObject({ status: 429, code: 'insufficient_quota' });

    const low = await billingRows<{ data: { balance: number; threshold: number; unit: string } }>(stack, `SELECT payload->'data' AS data FROM outbox_events WHERE topic = 'credit.low' AND payload->'data'->>'tenantId' = $1`, [tenant.id]);
    expect(low).toHaveLength(1);
    expect(low[0].data).toMatchObject({ threshold: 1_000, unit: 'tokens' });

    const invoice = await api.call('GET', '/v1/invoices/upcoming', tenant.key);
    const lines = invoice.body.lines as { kind: string; quantity: string; amountMinor: string }[];
    const credited = lines.filter((l) => l.kind === 'prepaid_credits');
    expect(credited.reduce((sum, l) => sum + Number(l.quantity), 0)).toBe(GRANTED);
    expect(credited.every((l) => Number(l.amountMinor) <= 0)).toBe(true);
    expect(lines.reduce((sum, l) => sum + Number(l.amountMinor), 0)).toBe(Number(invoice.body.totalMinor));
  });

  it('tops up once per crossing, exactly once however often the usage is redelivered', async () => {
    const tenant = await prepaidTenant('top-up');
    await api.call('PUT', `/admin/tenants/${tenant.id}/credits/settings`, admin, { lowBalanceThreshold: null, topUp: { threshold: 1_000, tokens: 5_000, priceMinor: 250 } });
    await api.call('POST', `/admin/tenants/${tenant.id}/credits/grants`, admin, { tokens: 2_000, reason: 'start' });
    // Eval usage (training-service meters it): serving never saw it, so billing takes it off the live balance.
    const evalUsage = (promptTokens: number) => ({ ...usageEvent({ tenantId: tenant.id, model: 'm', promptTokens, completionTokens: 0 }), producer: 'training-service' });
    const first = evalUsage(1_500);
    for (let i = 0; i < 3; i++) await producer.send([first]);
    await waitUntil(() => credits(tenant.key), (r) => r.body.balance === '5500', { what: 'one top-up after the first crossing' });
    const second = evalUsage(4_800);
    for (let i = 0; i < 3; i++) await producer.send([second, first]);
    await waitUntil(() => credits(tenant.key), (r) => r.body.balance === '5700', { what: 'one more top-up after the second crossing' });
    await waitUntil(() => ledgerTokens(tenant.id), (t) => t === 6_300, { what: 'both events once in the ledger' });

    const topUps = await billingRows(stack, `SELECT 1 FROM credit_grants WHERE tenant_id = $1 AND source = 'top_up'`, [tenant.id]);
    expect(topUps).toHaveLength(2);
    const invoice = await api.call('GET', '/v1/invoices/upcoming', tenant.key);
    const purchases = (invoice.body.lines as { kind: string; amountMinor: string }[]).filter((l) => l.kind === 'credit_purchase');
    expect(purchases.map((l) => l.amountMinor)).toEqual(['250', '250']);
    await waitUntil(() => live.balance(tenant.id), (b) => b === 5_700, { what: 'the live balance to match billing' });
  });

  it('voids and expires what grants have left, and refuses bad grants with a message', async () => {
    const tenant = await prepaidTenant('void-expire');
    const grants = `/admin/tenants/${tenant.id}/credits/grants`;
    const kept = await api.call('POST', grants, admin, { tokens: 700, reason: 'kept', priority: 1 });
    const voided = await api.call('POST', grants, admin, { tokens: 300, reason: 'to void' });
    const expiring = await api.call('POST', grants, admin, { tokens: 200, reason: 'short-lived', expiresAt: new Date(Date.now() + 1_500).toISOString() });
    expect((await api.call('POST', `${grants}/${voided.body.id}/void`, admin)).body).toMatchObject({ status: 'void', remaining: '0' });
    expect((await api.call('POST', `${grants}/${voided.body.id}/void`, admin)).status).toBe(409);
    expect((await api.call('POST', `${grants}/${randomUUID()}/void`, admin)).status).toBe(404);
    await waitUntil(() => api.call('GET', `${grants}?limit=100`, admin), (r) => r.body.data?.some((g: { id: string; status: string }) => g.id === expiring.body.id && g.status === 'expired'), { what: 'the short grant expired', timeoutMs: 20_000 });
    const balance = await credits(tenant.key);
    expect(balance.body).toMatchObject({ balance: '700', enforced: true, grants: [{ id: kept.body.id, remaining: '700' }] });
    await waitUntil(() => live.balance(tenant.id), (b) => b === 700, { what: 'the live balance without the void and expired grants' });

    for (const [body, field] of [
      [{ tokens: 0, reason: 'x' }, 'tokens'],
      [{ tokens: 10 }, 'reason'],
      [{ tokens: 10, reason: 'x', expiresAt: '2020-01-01T00:00:00Z' }, 'expiresAt'],
    ] as const) {
      const refused = await api.call('POST', grants, admin, body);
      expect(refused.status).toBe(400);
      expect(JSON.stringify(refused.body)).toContain(field);
    }
    expect((await api.call('POST', '/admin/plans', admin, planBody({ code: 'bad-prepaid', prepaid: true }))).status).toBe(400);
    expect((await api.call('POST', grants, tenant.key, { tokens: 10, reason: 'self-service' })).status).toBe(403);
  });
});
