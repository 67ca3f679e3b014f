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
  let tenantId: string;

  const restartAt = async (at: Date) => {
    await api.service.kill('SIGTERM');
    Object.assign(api.service.env, processClockEnv(at));
    api.service.start();
    await api.service.waitReady();
  };
  const alertedPeriods = async () =>
    (await billingRows<{ period: string }>(stack, `SELECT payload->'data'->>'period' AS period FROM outbox_events WHERE topic = $1 AND payload->'data'->>'tenantId' = $2 ORDER BY id`, [TOPICS.quotaAlert, tenantId])).map((r) => r.period);
  const eventsInLedger = async () => Number((await billingRows<{ n: number }>(stack, `SELECT count(*)::int AS n FROM usage_ledger_events WHERE tenant_id = $1`, [tenantId]))[0].n);

  /** Serving usage and training usage of the tenant arrive at once on their two topics, consumed side by side. */
  async function concurrentUsage(at: Date, rounds: number): Promise<number> {
    let sent = 0;
    for (let round = 0; round < rounds; round++) {
      const served = Array.from({ length: 8 }, (_, i) => usageEvent({ tenantId, model: `model-${i}`, promptTokens: 40, completionTokens: 10, occurredAt: new Date(at.getTime() + round * 1_000 + i) }));
      const trained = Array.from({ length: 4 }, (_, i) => ({
        id: randomUUID(),
        type: TOPICS.trainingJobCompleted,
        version: 1 as const,
        occurredAt: new Date(at.getTime() + round * 1_000 + i).toISOString(),
        producer: 'training-service',
        data: { tenantId, jobId: randomUUID(), modelId: randomUUID(), status: 'succeeded', trainedTokens: 50 },
      }));
      await Promise.all([producer.send(served), producer.send(trained as never, TOPICS.trainingJobCompleted)]);
      sent += served.length + trained.length;
    }
    return sent;
  }

  beforeAll(async () => {
    ({ stack, api } = await startBilling({ ...processClockEnv(beforeBoundary), SESSION_TTL_MINUTES: String(SESSION_TTL_MINUTES), SESSION_IDLE_SECONDS: '86400' }));
    producer = new UsageProducer(stack.topicPrefix);
    await producer.connect();
    const login = await api.call<{ token: string; expiresAt: string }>('POST', '/auth/login', null, { email: 'admin@llmchain.test', password: 'correct horse battery staple' });
    ({ token: admin, expiresAt: adminExpiresAt } = login.body);
    const plan = await api.call('POST', '/admin/plans', admin, planBody({ code: 'soft-clock', includedTokens: 1_000, quotaMode: 'soft' }));
    tenantId = (await api.call('POST', '/admin/tenants', admin, { name: 'Month boundary' })).body.id;
    expect((await api.call('PUT', `/admin/tenants/${tenantId}/subscription`, admin, { planId: plan.body.id, startsOn: monthM.toISOString().slice(0, 10) })).status).toBe(200);
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

  it('alerts a soft quota once in month M however many concurrent chunks use it up', async () => {
    // 3 rounds × (8 × 50 served + 4 × 50 trained) = 1,800 tokens against 1,000 included.
    const sent = await concurrentUsage(new Date(beforeBoundary.getTime() - 5 * MINUTE), 3);
    await waitUntil(eventsInLedger, (n) => n === sent, { what: `${sent} events in the ledger` });
    expect((await api.call('GET', `/admin/tenants/${tenantId}/quota`, admin)).body).toMatchObject({ period: periodOf(monthM), remainingIncludedTokens: '0' });
    expect(await alertedPeriods()).toEqual([periodOf(monthM)]);
  });

  it('alerts again, once, in month M+1, and the admin session still within its lifetime works there', async () => {
    await restartAt(afterBoundary);
    expect((await api.call('GET', '/admin/plans', admin)).status).toBe(200);
    const before = await eventsInLedger();
    const sent = await concurrentUsage(new Date(afterBoundary.getTime() - MINUTE), 3);
    await waitUntil(eventsInLedger, (n) => n === before + sent, { what: 'month M+1 events in the ledger' });
    expect((await api.call('GET', `/admin/tenants/${tenantId}/quota`, admin)).body).toMatchObject({ period: periodOf(monthNext), remainingIncludedTokens: '0' });
    expect(await alertedPeriods()).toEqual([periodOf(monthM), periodOf(monthNext)]);
  });

  it('refuses the admin session once its lifetime has passed (401), while a new login works', async () => {
    await restartAt(pastSessionLifetime);
    const refused = await api.call<{ message: string }>('GET', '/admin/plans', admin);
    expect(refused.status).toBe(401);
    const fresh = await api.loginAdmin();
    expect((await api.call('GET', '/admin/plans', fresh)).status).toBe(200);
  });
});
