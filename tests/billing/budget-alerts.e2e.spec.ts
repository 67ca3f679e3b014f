import { TOPICS } from '@llmchain/contracts';
import { ServiceStack, waitUntil } from '@llmchain/testing';
import { BillingApi, billingRows, planBody, startBilling } from './billing-api';
import { usageEvent, UsageProducer } from './usage-producer';

type Alert = { object: string; budgetId: string; thresholdPercent: number; sentAt: string; window: { start: string; end: string } };
type Outboxed = { budgetId: string; thresholdPercent: number; window: { start: string; end: string } };

/**
 * GET /v1/budget-alerts, the dashboard's view of budget alerts: the thresholds each budget reached in its current
 * window, as the usage sent says they must be, agreeing with the budget.threshold_reached events in the outbox.
 */
describe('budget alerts', () => {
  let stack: ServiceStack;
  let api: BillingApi;
  let producer: UsageProducer;
  let tenant: { id: string; key: string };

  beforeAll(async () => {
    ({ stack, api } = await startBilling());
    producer = new UsageProducer(stack.topicPrefix);
    await producer.connect();
    const admin = await api.loginAdmin();
    const plan = await api.call('POST', '/admin/plans', admin, planBody({ code: 'alerts', includedTokens: 0 }));
    const created = await api.call('POST', '/admin/tenants', admin, { name: 'alerts' });
    const key = await api.call('POST', `/admin/tenants/${created.body.id}/api-keys`, admin, { name: 'k', scopes: ['serving'] });
    expect((await api.call('PUT', `/admin/tenants/${created.body.id}/subscription`, admin, { planId: plan.body.id })).status).toBe(200);
    tenant = { id: created.body.id, key: key.body.key };
  });
  afterAll(async () => {
    await producer?.disconnect();
    await stack?.teardown();
  });

  const alerts = async () => {
    const reply = await api.call<{ object: string; data: Alert[] }>('GET', '/v1/budget-alerts', tenant.key);
    expect(reply).toMatchObject({ status: 200, body: { object: 'list' } });
    return reply.body.data;
  };
  const outboxed = (budgetId: string) =>
    billingRows<{ data: Outboxed }>(stack, `SELECT payload->'data' AS data FROM outbox_events WHERE topic = $1 AND payload->'data'->>'budgetId' = $2 ORDER BY id`, [
      TOPICS.budgetThresholdReached,
      budgetId,
    ]).then((rows) => rows.map((r) => r.data));
  const use = (tokens: number) => producer.send([usageEvent({ tenantId: tenant.id, model: 'm', promptTokens: tokens, completionTokens: 0 })]);

  it('lists each threshold a budget reached in its current window once, as the outbox alerted it', async () => {
    const create = async (body: object) => (await api.call('POST', '/v1/budgets', tenant.key, { mode: 'soft', ...body })).body as { id: string };
    const monthly = await create({ name: 'monthly watch', limitTokens: 1_000, window: 'monthly', thresholds: [25, 50, 100] });
    // A window yet to come counts nothing now, so it has nothing to show however small its limit.
    const later = Date.now() + 30 * 86_400_000;
    const future = await create({ name: 'next month', limitTokens: 1, window: { start: new Date(later).toISOString(), end: new Date(later + 86_400_000).toISOString() } });
    expect(future.id).toBeDefined();
    expect(await alerts()).toEqual([]);

    await use(600); // 60 % of 1,000: 25 and 50 reached
    await waitUntil(() => outboxed(monthly.id), (sent) => sent.length === 2, { what: 'the 25 and 50 % alerts' });
    const now = new Date();
    const window = { start: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)).toISOString(), end: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)).toISOString() };
    expect((await alerts()).map((a) => [a.budgetId, a.thresholdPercent, a.window])).toEqual([
      [monthly.id, 25, window],
      [monthly.id, 50, window],
    ]);

    await use(399); // 99.9 %: nothing new
    await waitUntil(() => api.call('GET', `/v1/budgets/${monthly.id}`, tenant.key), (r) => r.body.spentTokens === '999', { what: '999 tokens counted' });
    expect((await alerts()).map((a) => a.thresholdPercent)).toEqual([25, 50]);
    await use(1); // exactly 100 %
    await waitUntil(() => outboxed(monthly.id), (sent) => sent.length === 3, { what: 'the 100 % alert' });
    await use(500); // past the limit: each threshold stays alerted once
    await waitUntil(() => api.call('GET', `/v1/budgets/${monthly.id}`, tenant.key), (r) => r.body.spentTokens === '1500', { what: '1,500 tokens counted' });

    const listed = await alerts();
    const sent = await outboxed(monthly.id);
    expect(listed.map((a) => [a.budgetId, a.thresholdPercent, a.window])).toEqual(sent.map((e) => [e.budgetId, e.thresholdPercent, e.window]));
    expect(listed.map((a) => a.thresholdPercent)).toEqual([25, 50, 100]);
    for (const a of listed) expect(a).toMatchObject({ object: 'budget.alert', sentAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });

    // Another tenant's key lists none of them (the route table's isolation check names this suite for the route).
    const admin = await api.loginAdmin();
    const other = await api.call('POST', '/admin/tenants', admin, { name: 'alerts elsewhere' });
    const otherKey = await api.call('POST', `/admin/tenants/${other.body.id}/api-keys`, admin, { name: 'k', scopes: ['serving'] });
    expect(await api.call('GET', '/v1/budget-alerts', otherKey.body.key)).toMatchObject({ status: 200, body: { object: 'list', data: [] } });

    // A deleted budget's alerts leave the list with it.
    expect((await api.call('DELETE', `/v1/budgets/${monthly.id}`, tenant.key)).status).toBe(204);
    expect(await alerts()).toEqual([]);
  });
});
