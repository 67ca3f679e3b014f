import { TOPICS } from '@llmchain/contracts';
import { queryRows, ServiceStack, testKafka, waitUntil } from '@llmchain/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { addBilling, BillingApi, billingRows, planBody } from './billing-api';

type Status = { status: number; body: any };

/**
 * A tenant suspended in billing is refused by every service that authenticates its keys (serving and data here,
 * from their replicas kept by tenant.status.changed), with 403 and a message saying so; admins still read its
 * billing; reactivation lets its keys back in.
 */
describe('tenant suspension across services', () => {
  const stack = new ServiceStack();
  const scratch = mkdtempSync(path.join(tmpdir(), 'billing-suspension-'));
  let api: BillingApi;
  let admin: string;
  let tenantId: string;
  let key: string;
  let userToken: string;

  const get = async (service: 'serving-service' | 'data-service', route: string, token = key): Promise<Status> => {
    const response = await fetch(`${stack.get(service).baseUrl}${route}`, { headers: { authorization: `Bearer ${token}` } });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  };
  const serving = () => get('serving-service', '/v1/models');
  const data = () => get('data-service', '/corpora');
  const replicaRows = (service: 'serving-service' | 'data-service') =>
    queryRows<{ suspended: boolean; status_version: number }>(
      stack.database(service).url,
      `SELECT suspended_at IS NOT NULL AS suspended, status_version FROM tenant_status_replicas WHERE tenant_id = $1`,
      [tenantId],
    );
  /** REPORT_SUSPENSION_LATENCY=1 prints how long each change took to reach both services (a figure, not a test). */
  const untilBoth = async (status: number, what: string): Promise<void> => {
    const started = Date.now();
    await Promise.all([serving, data].map((probe) => waitUntil(probe, (r) => r.status === status, { timeoutMs: 60_000, intervalMs: 50, what })));
    if (process.env.REPORT_SUSPENSION_LATENCY) process.stderr.write(`${what}: ${Date.now() - started} ms\n`);
  };

  beforeAll(async () => {
    api = await addBilling(stack);
    await stack.add('serving-service', {
      MODELS_DIR: path.join(scratch, 'models'),
      BLOB_STORE_DIR: path.join(scratch, 'blobs'),
      MODEL_CACHE_DIR: path.join(scratch, 'cache'),
      LOG_LEVEL: 'warn',
    });
    await stack.add('data-service', { BLOB_STORE_DIR: path.join(scratch, 'data-blobs'), LOG_LEVEL: 'warn' });
    await stack.startAll();
    admin = await api.loginAdmin();
    const plan = await api.call('POST', '/admin/plans', admin, planBody());
    const tenant = await api.call('POST', '/admin/tenants', admin, { name: 'Suspendable' });
    tenantId = tenant.body.id;
    await api.call('PUT', `/admin/tenants/${tenantId}/subscription`, admin, { planId: plan.body.id });
    key = (await api.call('POST', `/admin/tenants/${tenantId}/api-keys`, admin, { name: 'everywhere', scopes: ['serving', 'data'] })).body.key;
    await api.call('POST', `/admin/tenants/${tenantId}/users`, admin, { email: 'ops@suspendable.test', password: 'tenant user password' });
    userToken = (await api.call('POST', '/auth/login', null, { email: 'ops@suspendable.test', password: 'tenant user password' })).body.token;
    await untilBoth(200, 'the new key to reach serving and data');
  });
  afterAll(async () => {
    await stack.teardown();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('refuses the tenant everywhere with 403 once suspended, and keeps its billing readable to admins', async () => {
    expect((await api.call('POST', `/admin/tenants/${tenantId}/suspend`, admin, {})).status).toBe(400);
    const suspended = await api.call('POST', `/admin/tenants/${tenantId}/suspend`, admin, { reason: 'unpaid invoices' });
    expect(suspended.status).toBe(200);
    expect(suspended.body).toMatchObject({ status: 'suspended', suspensionReason: 'unpaid invoices', suspendedAt: expect.any(String) });

    for (const token of [key, userToken]) {
      const billing = await api.call('GET', '/v1/tenant', token);
      expect(billing.status).toBe(403);
      expect(billing.body.message).toMatch(/tenant is suspended/);
    }
    await untilBoth(403, 'the suspension to reach serving and data');
    const [servingReply, dataReply] = await Promise.all([serving(), data()]);
    expect(servingReply.body.error).toMatchObject({ code: 'account_deactivated', message: expect.stringMatching(/tenant is suspended/) });
    expect(dataReply.body.message).toMatch(/tenant is suspended/);

    for (const route of ['', '/subscriptions', '/usage', '/quota', '/api-keys', '/users']) {
      expect({ route, status: (await api.call('GET', `/admin/tenants/${tenantId}${route}`, admin)).status }).toEqual({ route, status: 200 });
    }
    expect((await api.call('GET', `/admin/invoices?tenantId=${tenantId}`, admin)).status).toBe(200);
    expect((await api.call('GET', '/admin/tenants?status=suspended', admin)).body.data.map((t: { id: string }) => t.id)).toEqual([tenantId]);

    const again = await api.call('POST', `/admin/tenants/${tenantId}/suspend`, admin, { reason: 'a second reason' });
    expect(again.body).toMatchObject({ status: 'suspended', suspensionReason: 'unpaid invoices' });
    const events = await billingRows<{ payload: { data: object } }>(stack, `SELECT payload FROM outbox_events WHERE topic = $1 ORDER BY id`, [TOPICS.tenantStatusChanged]);
    expect(events.map((e) => e.payload.data)).toEqual([
      { tenantId, status: 'suspended', reason: 'unpaid invoices', statusVersion: 1, changedAt: suspended.body.suspendedAt },
    ]);
  });

  it('lets the tenant back in everywhere once reactivated', async () => {
    const reactivated = await api.call('POST', `/admin/tenants/${tenantId}/reactivate`, admin, { reason: 'paid' });
    expect(reactivated.status).toBe(200);
    expect(reactivated.body).toMatchObject({ status: 'active', suspendedAt: null, suspensionReason: null });
    expect((await api.call('GET', '/v1/tenant', key)).status).toBe(200);
    expect((await api.call('GET', '/v1/usage', userToken)).status).toBe(200);
    await untilBoth(200, 'the reactivation to reach serving and data');
    for (const service of ['serving-service', 'data-service'] as const) expect(await replicaRows(service)).toEqual([{ suspended: false, status_version: 2 }]);
  });

  it('ignores a change older than the one a replica holds, whatever order events arrive in', async () => {
    const stale = {
      id: randomUUID(),
      type: TOPICS.tenantStatusChanged,
      version: 1,
      occurredAt: new Date().toISOString(),
      producer: 'billing-service',
      data: { tenantId, status: 'suspended', reason: 'replayed', statusVersion: 1, changedAt: new Date().toISOString() },
    };
    const producer = testKafka('billing-tests').producer();
    await producer.connect();
    try {
      await producer.send({ topic: `${stack.topicPrefix}${TOPICS.tenantStatusChanged}`, acks: -1, messages: [{ key: tenantId, value: JSON.stringify(stale) }] });
    } finally {
      await producer.disconnect();
    }
    await waitUntil(
      () => queryRows(stack.database('data-service').url, `SELECT 1 FROM processed_events WHERE event_id = $1`, [stale.id]),
      (rows) => rows.length === 1,
      { what: 'data-service to consume the stale event' },
    );
    expect(await replicaRows('data-service')).toEqual([{ suspended: false, status_version: 2 }]);
    expect((await data()).status).toBe(200);
  });
});
