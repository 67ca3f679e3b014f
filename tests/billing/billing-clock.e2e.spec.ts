import { TOPICS } from '@llmchain/contracts';
import { processClockEnv, ServiceStack, waitUntil } from '@llmchain/testing';
import { randomUUID } from 'node:crypto';
import { BillingApi, billingRows, planBody, startBilling } from './billing-api';
import { UsageProducer, usageEvent } from './usage-producer';

const MINUTE = 60_000;
const SESSION_TTL_MINUTES = 30;
// Month M is two months back (process clocks are moved into the past only; see processClockEnv), M+1 the next one.
const realNow = new Date();
const monthM = new Date(Date.UTC(realNow.getUTCFullYear(), realNow.getUTCMonth() - 2, 1));
const monthNext = new Date(Date.UTC(monthM.getUTCFullYear(), monthM.getUTCMonth() + 1, 1));
const periodOf = (day: Date) => day.toISOString().slice(0, 7);
// The clock's three settings: 10 minutes before M ends, 5 minutes into M+1, and just past the session's lifetime.
const beforeBoundary = new Date(monthNext.getTime() - 10 * MINUTE);
const afterBoundary = new Date(monthNext.getTime() + 5 * MINUTE);
const pastSessionLifetime = new Date(beforeBoundary.getTime() + (SESSION_TTL_MINUTES + 1) * MINUTE);

/**
 * Billing's time-driven rules against a billing-service whose clock the test sets (restarting it at another instant):
 * a soft quota alerts once per month, again in the next month, never twice in one under concurrent usage; an admin
 * session ends at its configured lifetime.
 */
describe('billing-service across a month boundary and a session lifetime (clock set by the test)', () => {
  let stack: ServiceStack;
  let api: BillingApi;
  let producer: UsageProducer;
  let admin: string;
  let adminExpiresAt: string;
  let tenantIds: string[];

  const restartAt = async (at: Date) => {
    await api.service.kill('SIGTERM');
    Object.assign(api.service.env, processClockEnv(at));
    api.service.start();
    await api.service.waitReady();
  };
  const alertedPeriods = async () => {
    const rows = await billingRows<{ tenant: string; period: string }>(
      stack,
      `SELECT payload->'data'->>'tenantId' AS tenant, payload->'data'->>'period' AS period FROM outbox_events WHERE topic = $1 ORDER BY id`,
      [TOPICS.quotaAlert],
    );
    return tenantIds.map((id) => rows.filter((r) => r.tenant === id).map((r) => r.period));
  };
  const eventsInLedger = async () => Number((await billingRows<{ n: number }>(stack, `SELECT count(*)::int AS n FROM usage_ledger_events`))[0].n);
  const remainingOf = async () => Promise.all(tenantIds.map(async (id) => (await api.call('GET', `/admin/tenants/${id}/quota`, admin)).body));

  /**
   * Brings every tenant to 10 tokens short of its 1,000 included ones, then serving usage and training usage that
   * each alone use up the rest arrive at once on their two topics, which the ledger consumes side by side: two
   * chunks refresh each tenant's quota at the same time, and both see it exhausted.
   */
  async function exhaustConcurrently(at: Date): Promise<void> {
    const before = await eventsInLedger();
    await producer.send(tenantIds.map((tenantId) => usageEvent({ tenantId, model: 'model-a', promptTokens: 990, completionTokens: 0, occurredAt: at })));
    await waitUntil(eventsInLedger, (n) => n === before + tenantIds.length, { what: 'the usage that leaves 10 tokens' });
    const served = tenantIds.map((tenantId) => usageEvent({ tenantId, model: 'model-b', promptTokens: 20, completionTokens: 0, occurredAt: new Date(at.getTime() + 1_000) }));
    const trained = tenantIds.map((tenantId) => ({
      id: randomUUID(),
      type: TOPICS.trainingJobCompleted,
      version: 1 as const,
      occurredAt: new Date(at.getTime() + 1_000).toISOString(),
      producer: 'training-service',
      data: { tenantId, jobId: randomUUID(), modelId: randomUUID(), status: 'succeeded', trainedTokens: 20 },
    }));
    await Promise.all([producer.send(served), producer.send(trained as never, TOPICS.trainingJobCompleted)]);
    await waitUntil(eventsInLedger, (n) => n === before + 3 * tenantIds.length, { what: 'the concurrent usage in the ledger' });
  }

  beforeAll(async () => {
    ({ stack, api } = await startBilling({ ...processClockEnv(beforeBoundary), SESSION_TTL_MINUTES: String(SESSION_TTL_MINUTES), SESSION_IDLE_SECONDS: '86400' }));
    producer = new UsageProducer(stack.topicPrefix);
    await producer.connect();
    const login = await api.call<{ token: string; expiresAt: string }>('POST', '/auth/login', null, { email: 'admin@llmchain.test', password: 'correct horse battery staple' });
    ({ token: admin, expiresAt: adminExpiresAt } = login.body);
    const plan = await api.call('POST', '/admin/plans', admin, planBody({ code: 'soft-clock', includedTokens: 1_000, quotaMode: 'soft' }));
    tenantIds = [];
    for (const name of ['Boundary A', 'Boundary B', 'Boundary C', 'Boundary D']) {
      const tenantId = (await api.call('POST', '/admin/tenants', admin, { name })).body.id;
      expect((await api.call('PUT', `/admin/tenants/${tenantId}/subscription`, admin, { planId: plan.body.id, startsOn: monthM.toISOString().slice(0, 10) })).status).toBe(200);
      tenantIds.push(tenantId);
    }
  });
  afterAll(async () => {
    await producer?.disconnect();
    await stack?.teardown();
  });

  it('gives an admin session the configured lifetime from the service clock', () => {
    // The login happened within seconds of the clock's start, 10 minutes before month M ends.
    const lifetime = Date.parse(adminExpiresAt) - beforeBoundary.getTime();
    expect(lifetime).toBeGreaterThanOrEqual(SESSION_TTL_MINUTES * MINUTE);
    expect(lifetime).toBeLessThan(SESSION_TTL_MINUTES * MINUTE + MINUTE);
  });

  it('alerts a soft quota once in month M when two concurrent chunks use it up', async () => {
    await exhaustConcurrently(new Date(beforeBoundary.getTime() - 5 * MINUTE));
    expect(await remainingOf()).toEqual(tenantIds.map((tenantId) => ({ tenantId, period: periodOf(monthM), remainingIncludedTokens: '0', hardStop: false })));
    expect(await alertedPeriods()).toEqual(tenantIds.map(() => [periodOf(monthM)]));
  });

  it('alerts again, once, in month M+1, and the admin session still within its lifetime works there', async () => {
    await restartAt(afterBoundary);
    expect((await api.call('GET', '/admin/plans', admin)).status).toBe(200);
    await exhaustConcurrently(new Date(afterBoundary.getTime() - MINUTE));
    expect(await remainingOf()).toEqual(tenantIds.map((tenantId) => ({ tenantId, period: periodOf(monthNext), remainingIncludedTokens: '0', hardStop: false })));
    expect(await alertedPeriods()).toEqual(tenantIds.map(() => [periodOf(monthM), periodOf(monthNext)]));
  });

  it('refuses the admin session once its lifetime has passed (401), while a new login works', async () => {
    await restartAt(pastSessionLifetime);
    const refused = await api.call<{ message: string }>('GET', '/admin/plans', admin);
    expect(refused.status).toBe(401);
    const fresh = await api.loginAdmin();
    expect((await api.call('GET', '/admin/plans', fresh)).status).toBe(200);
  });
});
