import { TOPICS } from '@llmchain/contracts';
import { waitUntil } from '@llmchain/testing';
import { AdmissionStack } from './admission-stack';
import { planBody } from './billing-api';
import { usageEvent } from './usage-producer';

const STREAMS = 16;

type ThresholdAlert = { budgetId: string; apiKeyId?: string; thresholdPercent: number; spent: number; limit: number; unit: string };

/**
 * Budgets end to end, on billing and two serving processes: a key's hard budget and the tenant's hard budget each
 * stop requests within one request of the limit under 16 concurrent streams spread over both processes (429
 * budget_exceeded naming the budget), a soft budget only alerts, every threshold alerts once per window, and usage
 * serving never saw (evals) counts against a hard budget too.
 */
describe('budgets', () => {
  const s = new AdmissionStack();
  let tenant: { id: string; key: string; keyId: string };
  const model = 'budget-tiny';
  /** Tokens of eval usage the test sent: in the ledger, never in serving's records. */
  let evalTokens = 0;

  beforeAll(async () => {
    await s.start();
    const plan = await s.api.call('POST', '/admin/plans', s.admin, planBody({ code: 'metered', includedTokens: 0, requestsPerMinute: 100_000, tokensPerMinute: 10_000_000 }));
    tenant = await s.tenant('budgets', plan.body.id);
    await s.registerModel(tenant.id, model);
    await s.waitForEveryProcess(tenant.key, model, 200);
  });
  afterAll(() => s.teardown());

  /** Every token served so far in the ledger, so a budget created now starts from all of it. */
  const ledgerCaughtUp = async () => {
    const served = await s.servedTokens({ tenantId: tenant.id });
    await waitUntil(() => s.ledgerTokens(tenant.id), (t) => t === served + evalTokens, { what: `the ledger to hold the ${served} tokens served (and ${evalTokens} of evals)` });
    return served;
  };
  /** A new key of the tenant, known to both serving processes (which it proves with a request each). */
  const newKey = async () => {
    const key = await s.api.call('POST', `/admin/tenants/${tenant.id}/api-keys`, s.admin, { name: 'budgeted', scopes: ['serving'] });
    await s.waitForEveryProcess(key.body.key, model, 200);
    await ledgerCaughtUp();
    return { key: key.body.key as string, keyId: key.body.id as string };
  };
  const createBudget = async (body: object) => {
    const created = await s.api.call('POST', '/v1/budgets', tenant.key, body);
    expect(created.status).toBe(201);
    return created.body as { id: string; name: string; mode: string };
  };
  /** A hard budget counts in serving once its definition reached Redis. */
  const handedToServing = (budgetId: string) =>
    waitUntil(() => s.redis.hexists(`budgets:{${tenant.id}}:definitions`, budgetId), (known) => known === 1, { what: `budget ${budgetId} in serving` });
  /** The end of the current UTC month: a monthly budget's refusal names it as when the budget comes back. */
  const monthEnd = () => {
    const now = new Date();
    return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)).toISOString();
  };
  const alertsOf = async (budgetId: string) => (await s.outboxData<ThresholdAlert>(TOPICS.budgetThresholdReached, tenant.id)).map((e) => e.data).filter((a) => a.budgetId === budgetId);

  it('stops a key at its hard budget within one request, across processes, and leaves the tenant’s other keys alone', async () => {
    const key = await newKey();
    const budget = await createBudget({ name: 'key cap', apiKeyId: key.keyId, limitTokens: 2_000, window: 'monthly', mode: 'hard' });
    await handedToServing(budget.id);

    const { answers, hold } = await s.streamUntilRefused(STREAMS, key.key, model);
    const refusals = answers.filter((a) => a.status !== 200);
    expect(refusals).toHaveLength(STREAMS);
    // A budget in tokens is named in tokens, as the tenant set it.
    const message = `Budget "key cap" (${budget.id}) of 2000 tokens is used up until ${monthEnd()}. Raise or remove the budget to continue sooner.`;
    for (const refusal of refusals) expect(refusal).toMatchObject({ status: 429, code: 'budget_exceeded', message });
    const { refusal } = await s.drain(key.key, model);
    expect(refusal.code).toBe('budget_exceeded');
    const served = await s.servedTokens({ apiKeyId: key.keyId });
    expect(served - 2_000).toBeGreaterThanOrEqual(0);
    expect(served - 2_000).toBeLessThan(hold);
    console.log(`key budget: 2000 tokens, ${served} served in ${answers.length} streamed requests, overspend ${served - 2_000} (bound: one hold = ${hold})`);
    expect((await s.complete(s.servings[1], tenant.key, model)).status).toBe(200);

    await waitUntil(() => alertsOf(budget.id), (alerts) => alerts.length === 3, { what: 'the 50, 80 and 100 % alerts' });
    const alerts = await alertsOf(budget.id);
    expect(alerts.map((a) => [a.thresholdPercent, a.apiKeyId, a.limit, a.unit])).toEqual([50, 80, 100].map((p) => [p, key.keyId, 2_000, 'tokens']));
    const listed = await s.api.call('GET', `/v1/budgets/${budget.id}`, tenant.key);
    await waitUntil(() => s.api.call('GET', `/v1/budgets/${budget.id}`, tenant.key), (r) => Number(r.body.spentTokens) === served, { what: 'the budget’s spending to match what was served' });
    expect(listed.body).toMatchObject({ mode: 'hard', limitTokens: '2000', window: 'monthly', thresholds: [50, 80, 100] });
  });

  it('stops the tenant at its hard budget across keys; a soft budget only alerts, once per threshold', async () => {
    const [a, b] = [await newKey(), await newKey()];
    const spentBefore = await ledgerCaughtUp();
    const soft = await createBudget({ name: 'soft watch', limitTokens: spentBefore + 1_000, window: 'monthly', mode: 'soft', thresholds: [100, 50] });
    // A window from now on: the hard budget counts only what follows.
    const now = Date.now();
    const hard = await createBudget({ name: 'tenant cap', limitTokens: 3_000, window: { start: new Date(now).toISOString(), end: new Date(now + 3_600_000).toISOString() }, mode: 'hard' });
    expect(hard).toMatchObject({ spentTokens: '0' });
    await handedToServing(hard.id);

    const streams = await Promise.all([s.streamUntilRefused(STREAMS / 2, a.key, model), s.streamUntilRefused(STREAMS / 2, b.key, model)]);
    const refusals = streams.flatMap((r) => r.answers).filter((x) => x.status !== 200);
    expect(refusals).toHaveLength(STREAMS);
    for (const refusal of refusals) expect(refusal).toMatchObject({ code: 'budget_exceeded', message: expect.stringContaining(`"tenant cap" (${hard.id})`) });
    await s.drain(a.key, model);
    const hold = Math.max(...streams.map((r) => r.hold));
    const inWindow = (await s.servedTokens({ tenantId: tenant.id })) - spentBefore;
    expect(inWindow - 3_000).toBeGreaterThanOrEqual(0);
    expect(inWindow - 3_000).toBeLessThan(hold);
    console.log(`tenant budget: 3000 tokens, ${inWindow} counted in the window, overspend ${inWindow - 3_000} (bound: one hold = ${hold})`);

    // The soft budget was passed without a refusal of its own; its thresholds alerted once each.
    await waitUntil(() => alertsOf(soft.id), (alerts) => alerts.length === 2, { what: 'the soft budget’s two alerts' });
    await waitUntil(() => alertsOf(hard.id), (alerts) => alerts.length === 3, { what: 'the hard budget’s three alerts' });
    // More usage past 100 % (evals, which serving never sees) alerts nothing more.
    const pastTheLimit = { ...usageEvent({ tenantId: tenant.id, model, promptTokens: 500, completionTokens: 0 }), producer: 'training-service' };
    await s.producer.send([pastTheLimit]);
    evalTokens += 500;
    await waitUntil(() => s.api.call('GET', `/v1/budgets/${hard.id}`, tenant.key), (r) => Number(r.body.spentTokens) >= inWindow + 500, { what: 'the eval usage counted' });
    expect((await alertsOf(soft.id)).map((x) => x.thresholdPercent)).toEqual([50, 100]);
    expect((await alertsOf(hard.id)).map((x) => x.thresholdPercent)).toEqual([50, 80, 100]);

    expect((await s.api.call('DELETE', `/admin/tenants/${tenant.id}/budgets/${hard.id}`, s.admin)).status).toBe(204);
    await waitUntil(() => s.complete(s.servings[1], b.key, model), (c) => c.status === 200, { what: 'the deleted tenant budget to stop refusing' });
  });

  it('stops a key at its hard budget in money within one request, its spending the usage priced at the plan’s tier', async () => {
    const key = await newKey();
    // 40 USD minor units at the plan's first tier (20 per 1,000 prompt or completion tokens) pay for 2,000 tokens.
    const budget = await createBudget({ name: 'money cap', apiKeyId: key.keyId, limitMinor: 40, window: 'monthly', mode: 'hard', thresholds: [50, 100] });
    // The key's two proving requests are in its window already, priced from the start.
    const before = await s.servedTokens({ apiKeyId: key.keyId });
    expect(budget).toMatchObject({ unit: 'USD', limitMinor: '40', spentMinor: String(Math.floor((before * 20) / 1_000)), limitTokens: null, spentTokens: null });
    await handedToServing(budget.id);

    const { answers, hold } = await s.streamUntilRefused(STREAMS, key.key, model);
    // Named in the money the tenant set (40 minor units of USD), never in the tokens serving enforces it as; every
    // request is the same, so each refused one would have held `hold` tokens.
    const message =
      `Budget "money cap" (${budget.id}) of 0.40 USD is used up until ${monthEnd()}: at current prices, what is left of it pays for none of the up to ${hold} ` +
      'tokens this request may use. Raise or remove the budget to continue sooner.';
    const refusals = answers.filter((a) => a.status !== 200);
    expect(refusals).toHaveLength(STREAMS);
    for (const refusal of refusals) expect(refusal).toMatchObject({ status: 429, code: 'budget_exceeded', message });
    expect((await s.drain(key.key, model)).refusal).toMatchObject({ status: 429, code: 'budget_exceeded', message });
    const served = await s.servedTokens({ apiKeyId: key.keyId });
    expect(served - 2_000).toBeGreaterThanOrEqual(0);
    expect(served - 2_000).toBeLessThan(hold);
    console.log(`money budget: 40 minor units = 2000 tokens, ${served} served in ${answers.length} streamed requests, overspend ${served - 2_000} tokens (bound: one hold = ${hold})`);

    const priced = Math.floor((served * 20) / 1_000);
    await waitUntil(() => s.api.call('GET', `/v1/budgets/${budget.id}`, tenant.key), (r) => r.body.spentMinor === String(priced), { what: `the budget’s spending to be ${priced} minor units` });
    await waitUntil(() => alertsOf(budget.id), (alerts) => alerts.length === 2, { what: 'the 50 and 100 % alerts' });
    expect((await alertsOf(budget.id)).map((a) => [a.thresholdPercent, a.limit, a.unit])).toEqual([[50, 40, 'USD'], [100, 40, 'USD']]);
    for (const body of [{ name: 'x', window: 'monthly', mode: 'hard' }, { name: 'x', limitTokens: 10, limitMinor: 10, window: 'monthly', mode: 'hard' }]) {
      const refused = await s.api.call('POST', '/v1/budgets', tenant.key, body);
      expect(refused.status).toBe(400);
      expect(JSON.stringify(refused.body)).toMatch(/limitTokens.*limitMinor/);
    }
  });

  it('counts usage serving never saw against a hard budget, and refuses bad budgets with a message', async () => {
    const key = await newKey();
    const budget = await createBudget({ name: 'eval cap', apiKeyId: key.keyId, limitTokens: 1_000, window: 'monthly', mode: 'hard' });
    await handedToServing(budget.id);
    expect((await s.complete(s.servings[0], key.key, model)).status).toBe(200);
    const evalUsage = { ...usageEvent({ tenantId: tenant.id, model, promptTokens: 1_000, completionTokens: 0 }), producer: 'training-service' };
    evalUsage.data.apiKeyId = key.keyId;
    await s.producer.send([evalUsage]);
    evalTokens += 1_000;
    await waitUntil(() => s.complete(s.servings[1], key.key, model), (c) => c.code === 'budget_exceeded', { what: 'the eval usage to exhaust the budget in serving' });

    expect((await s.api.call('DELETE', `/v1/budgets/${budget.id}`, tenant.key)).status).toBe(204);
    await waitUntil(() => s.complete(s.servings[0], key.key, model), (c) => c.status === 200, { what: 'the deleted budget to stop refusing' });
    expect((await s.api.call('GET', `/v1/budgets/${budget.id}`, tenant.key)).status).toBe(404);

    for (const [body, field] of [
      [{ name: 'x', limitTokens: 0, window: 'monthly', mode: 'hard' }, 'limitTokens'],
      [{ name: 'x', limitTokens: 10, window: 'weekly', mode: 'hard' }, 'window'],
      [{ name: 'x', limitTokens: 10, window: { start: '2027-01-02T00:00:00Z', end: '2027-01-01T00:00:00Z' }, mode: 'hard' }, 'window'],
      [{ name: 'x', limitTokens: 10, window: 'monthly', mode: 'sometimes' }, 'mode'],
    ] as const) {
      const refused = await s.api.call('POST', '/v1/budgets', tenant.key, body);
      expect(refused.status).toBe(400);
      expect(JSON.stringify(refused.body)).toContain(field);
    }
    const foreignKey = await s.api.call('POST', '/v1/budgets', tenant.key, { name: 'x', limitTokens: 10, window: 'monthly', mode: 'hard', apiKeyId: '00000000-0000-4000-8000-000000000000' });
    expect(foreignKey).toMatchObject({ status: 404, body: { message: expect.stringContaining('apiKeyId') } });
  });
});
