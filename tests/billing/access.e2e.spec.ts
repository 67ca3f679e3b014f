import { ServiceStack, waitUntil } from '@llmchain/testing';
import { randomUUID } from 'node:crypto';
import { BillingApi, billingRows, planBody, startBilling } from './billing-api';

/**
 * Accounts, keys, plans and subscriptions through the admin and tenant APIs, and who may call what: every admin
 * endpoint refuses a tenant key (403), every tenant endpoint answers 404 for another tenant's ids.
 */
describe('billing-service accounts and access', () => {
  let stack: ServiceStack;
  let api: BillingApi;
  let admin: string;
  let tenantA: { id: string; key: string; keyId: string };
  let tenantB: { id: string; key: string; keyId: string };
  let planId: string;

  beforeAll(async () => {
    ({ stack, api } = await startBilling());
    admin = await api.loginAdmin();
    const plan = await api.call('POST', '/admin/plans', admin, planBody());
    expect(plan.status).toBe(201);
    planId = plan.body.id;
    const make = async (name: string) => {
      const tenant = await api.call('POST', '/admin/tenants', admin, { name });
      expect(tenant.status).toBe(201);
      // The "keys" scope lets this key manage the tenant's keys (key-minting.e2e covers the keys that may not).
      const key = await api.call('POST', `/admin/tenants/${tenant.body.id}/api-keys`, admin, { name: 'ci', scopes: ['serving', 'data', 'training', 'keys'] });
      expect(key.status).toBe(201);
      expect(await api.call('PUT', `/admin/tenants/${tenant.body.id}/subscription`, admin, { planId })).toMatchObject({ status: 200 });
      return { id: tenant.body.id as string, key: key.body.key as string, keyId: key.body.id as string };
    };
    tenantA = await make('Tenant A');
    tenantB = await make('Tenant B');
  });
  afterAll(() => stack?.teardown());

  it('logs the bootstrap admin in and refuses a wrong password', async () => {
    expect((await api.call('POST', '/auth/login', null, { email: 'admin@llmchain.test', password: 'wrong password!' })).status).toBe(401);
    expect((await api.call('GET', '/admin/tenants', admin)).status).toBe(200);
    const [user] = await billingRows<{ password_hash: string }>(stack, `SELECT password_hash FROM users WHERE role = 'admin'`);
    expect(user.password_hash).toMatch(/^\$argon2id\$/);
  });

  it('shows a key once, stores only its hash and prefix, and announces it', async () => {
    const created = await api.call('POST', '/v1/api-keys', tenantA.key, { name: 'second', scopes: ['data', 'training'] });
    expect(created.status).toBe(201);
    expect(created.body.key).toMatch(/^llmk_[0-9a-f]{8}_/);
    expect(created.body.key.startsWith(created.body.prefix)).toBe(true);
    const listed = await api.call('GET', '/v1/api-keys', tenantA.key);
    expect(listed.body.data.map((k: { id: string }) => k.id)).toContain(created.body.id);
    expect(JSON.stringify(listed.body)).not.toContain(created.body.key);
    const rows = await billingRows<{ secret_hash: string }>(stack, `SELECT secret_hash FROM api_keys WHERE id = $1`, [created.body.id]);
    expect(rows[0].secret_hash).toMatch(/^[0-9a-f]{64}$/);
    const events = await billingRows<{ topic: string }>(stack, `SELECT topic FROM outbox_events WHERE payload->'data'->>'apiKeyId' = $1`, [created.body.id]);
    expect(events.map((e) => e.topic)).toEqual(['apikey.created']);
  });

  it('refuses a revoked key, and bad input with a message that says what to fix', async () => {
    const created = await api.call('POST', '/v1/api-keys', tenantA.key, { name: 'short-lived', scopes: ['serving'] });
    expect((await api.call('GET', '/v1/usage', created.body.key)).status).toBe(200);
    expect((await api.call('POST', `/v1/api-keys/${created.body.id}/revoke`, tenantA.key)).status).toBe(201);
    expect((await api.call('GET', '/v1/usage', created.body.key)).status).toBe(401);
    const revoked = await billingRows<{ topic: string }>(stack, `SELECT topic FROM outbox_events WHERE payload->'data'->>'apiKeyId' = $1 ORDER BY id`, [created.body.id]);
    expect(revoked.map((e) => e.topic)).toEqual(['apikey.created', 'apikey.revoked']);
    const bad = await api.call('POST', '/v1/api-keys', tenantA.key, { name: 'x', scopes: ['root'], expiresAt: '2001-01-01T00:00:00Z' });
    expect(bad.status).toBe(400);
    expect(bad.body.message.join(' ')).toMatch(/scopes/);
    const badPlan = await api.call('POST', '/admin/plans', admin, planBody({ code: 'bad', prices: { prompt: [{ upToTokens: 5, unitPricePer1kMinor: 1 }], completion: [], training: [] } }));
    expect(badPlan.status).toBe(400);
    expect(badPlan.body.message.join(' ')).toMatch(/last tier must be unbounded/);
    expect(await billingRows(stack, `SELECT 1 FROM plans WHERE code = 'bad'`)).toHaveLength(0);
  });

  it('refuses a key once it has expired', async () => {
    const expiresAt = Date.now() + 3_000;
    const created = await api.call('POST', `/admin/tenants/${tenantA.id}/api-keys`, admin, { name: 'brief', scopes: ['data'], expiresAt: new Date(expiresAt).toISOString() });
    expect(created.status).toBe(201);
    const ask = async () => ({ status: (await api.call('GET', '/v1/tenant', created.body.key)).status, answeredAt: Date.now() });
    const before = await ask();
    expect(before.answeredAt).toBeLessThan(expiresAt); // the key was asked about while it was still valid
    expect(before.status).toBe(200);
    // Waiting on the refusal itself, not a fixed sleep: it must come, and not before the expiry.
    const refused = await waitUntil(ask, (answer) => answer.status !== 200, { timeoutMs: 15_000, intervalMs: 100, what: 'the key to expire' });
    expect(refused.status).toBe(401);
    expect(refused.answeredAt).toBeGreaterThanOrEqual(expiresAt);
  });

  it('versions and retires plans; a retired plan takes no new subscriptions', async () => {
    const v2 = await api.call('POST', '/admin/plans/pro/versions', admin, { ...planBody(), code: undefined });
    expect(v2.status).toBe(201);
    expect(v2.body).toMatchObject({ code: 'pro', version: 2 });
    expect((await api.call('POST', `/admin/plans/${v2.body.id}/retire`, admin)).status).toBe(201);
    const refused = await api.call('PUT', `/admin/tenants/${tenantA.id}/subscription`, admin, { planId: v2.body.id });
    expect(refused.status).toBe(400);
    expect(refused.body.message).toMatch(/retired/);
    expect((await api.call('GET', '/v1/subscription', tenantA.key)).body.plan.id).toBe(planId);
    const euro = await api.call('POST', '/admin/plans', admin, planBody({ code: 'pro-eur', currency: 'EUR' }));
    const mixed = await api.call('PUT', `/admin/tenants/${tenantA.id}/subscription`, admin, { planId: euro.body.id });
    expect(mixed.status).toBe(400);
    expect(mixed.body.message).toMatch(/bills in USD/);
  });

  it('answers every admin endpoint with 403 to a tenant key and 401 to no credentials', async () => {
    const someId = randomUUID();
    const adminRoutes: [string, string, unknown?][] = [
      ['POST', '/admin/tenants', { name: 'x' }],
      ['GET', '/admin/tenants'],
      ['GET', `/admin/tenants/${tenantA.id}`],
      ['POST', `/admin/tenants/${tenantA.id}/users`, { email: 'u@x.test', password: 'long enough password' }],
      ['GET', `/admin/tenants/${tenantA.id}/users`],
      ['POST', '/admin/admins', { email: 'a@x.test', password: 'long enough password' }],
      ['GET', '/admin/admins'],
      ['POST', `/admin/tenants/${tenantA.id}/api-keys`, { name: 'x', scopes: ['serving'] }],
      ['GET', `/admin/tenants/${tenantA.id}/api-keys`],
      ['POST', `/admin/tenants/${tenantA.id}/api-keys/${tenantA.keyId}/revoke`],
      ['POST', '/admin/plans', planBody({ code: 'other' })],
      ['POST', '/admin/plans/pro/versions', planBody()],
      ['GET', '/admin/plans'],
      ['GET', `/admin/plans/${planId}`],
      ['POST', `/admin/plans/${planId}/retire`],
      ['PUT', `/admin/tenants/${tenantA.id}/subscription`, { planId }],
      ['POST', `/admin/tenants/${tenantA.id}/subscription/cancel`, {}],
      ['GET', `/admin/tenants/${tenantA.id}/subscriptions`],
      ['GET', `/admin/tenants/${tenantA.id}/usage`],
      ['GET', `/admin/tenants/${tenantA.id}/quota`],
      ['POST', '/admin/invoices', { tenantId: tenantA.id, period: '2020-01' }],
      ['POST', '/admin/invoices/run', {}],
      ['GET', '/admin/invoices'],
      ['GET', `/admin/invoices/${someId}`],
      ['GET', `/admin/invoices/${someId}/html`],
      ['GET', `/admin/invoices/${someId}/pdf`],
      ['POST', `/admin/invoices/${someId}/issue`],
      ['POST', `/admin/invoices/${someId}/pay`],
      ['POST', `/admin/invoices/${someId}/void`],
      ['PATCH', `/admin/tenants/${tenantA.id}`, { name: 'x' }],
      ['DELETE', `/admin/tenants/${tenantA.id}`],
      ['POST', `/admin/tenants/${tenantA.id}/suspend`, { reason: 'x' }],
      ['POST', `/admin/tenants/${tenantA.id}/reactivate`, {}],
      ['GET', `/admin/tenants/${tenantA.id}/users/${someId}`],
      ['PATCH', `/admin/tenants/${tenantA.id}/users/${someId}`, { email: 'u@x.test' }],
      ['POST', `/admin/tenants/${tenantA.id}/users/${someId}/deactivate`],
      ['POST', `/admin/tenants/${tenantA.id}/users/${someId}/reactivate`],
      ['POST', `/admin/tenants/${tenantA.id}/users/${someId}/password`, {}],
      ['DELETE', `/admin/tenants/${tenantA.id}/users/${someId}`],
      ['GET', `/admin/admins/${someId}`],
      ['PATCH', `/admin/admins/${someId}`, { email: 'a@x.test' }],
      ['POST', `/admin/admins/${someId}/deactivate`],
      ['POST', `/admin/admins/${someId}/reactivate`],
      ['POST', `/admin/admins/${someId}/password`, {}],
      ['DELETE', `/admin/admins/${someId}`],
      ['GET', '/admin/usage'],
      ['GET', '/admin/tenants?limit=1'],
      ['GET', `/admin/invoices?limit=1&tenantId=${tenantA.id}`],
    ];
    for (const [method, path, body] of adminRoutes) {
      expect({ method, path, status: (await api.call(method, path, tenantA.key, body)).status }).toEqual({ method, path, status: 403 });
      expect({ method, path, status: (await api.call(method, path, null, body)).status }).toEqual({ method, path, status: 401 });
    }
    // Nothing a refused call asked for happened.
    expect(await billingRows(stack, `SELECT 1 FROM tenants WHERE name = 'x'`)).toHaveLength(0);
    expect((await api.call('GET', `/admin/tenants/${tenantA.id}`, admin)).body).toMatchObject({ name: 'Tenant A', status: 'active' });
    expect((await api.call('GET', '/v1/usage', tenantA.key)).status).toBe(200);
  });

  it("answers admin routes with 404 for ids that do not exist or belong to another tenant's list", async () => {
    const unknown = randomUUID();
    const userOfB = await api.call('POST', `/admin/tenants/${tenantB.id}/users`, admin, { email: 'b-user@b.test', password: 'tenant user password' });
    expect(userOfB.status).toBe(201);
    const routes: [string, string, unknown?][] = [
      ['PATCH', `/admin/tenants/${unknown}`, { name: 'y' }],
      ['DELETE', `/admin/tenants/${unknown}`],
      ['POST', `/admin/tenants/${unknown}/suspend`, { reason: 'y' }],
      ['POST', `/admin/tenants/${unknown}/reactivate`, {}],
      ['GET', `/admin/tenants/${unknown}/users`],
      ['GET', `/admin/tenants/${unknown}/api-keys`],
      ['GET', `/admin/tenants/${unknown}/subscriptions`],
      ['GET', `/admin/tenants/${tenantA.id}/users/${userOfB.body.id}`],
      ['PATCH', `/admin/tenants/${tenantA.id}/users/${userOfB.body.id}`, { email: 'moved@a.test' }],
      ['POST', `/admin/tenants/${tenantA.id}/users/${userOfB.body.id}/deactivate`],
      ['POST', `/admin/tenants/${tenantA.id}/users/${userOfB.body.id}/password`, { password: 'taken over password' }],
      ['DELETE', `/admin/tenants/${tenantA.id}/users/${userOfB.body.id}`],
      ['GET', `/admin/admins/${userOfB.body.id}`],
      ['DELETE', `/admin/admins/${userOfB.body.id}`],
      ['POST', `/admin/tenants/${tenantA.id}/api-keys/${tenantB.keyId}/revoke`],
    ];
    for (const [method, path, body] of routes) {
      expect({ method, path, status: (await api.call(method, path, admin, body)).status }).toEqual({ method, path, status: 404 });
    }
    expect((await api.call('POST', '/auth/login', null, { email: 'b-user@b.test', password: 'tenant user password' })).status).toBe(200);
    expect((await api.call('GET', '/v1/tenant', tenantB.key)).status).toBe(200);
    // A page cursor from another list names no item of this one.
    const afterOtherList = await api.call('GET', `/admin/tenants/${tenantA.id}/users?after=${userOfB.body.id}`, admin);
    expect(afterOtherList.status).toBe(400);
    expect(JSON.stringify(afterOtherList.body.message)).toMatch(/last_id of the previous page/);
  });

  it('answers another tenant\'s ids with 404 and an admin session on tenant endpoints with 403', async () => {
    expect((await api.call('POST', `/v1/api-keys/${tenantB.keyId}/revoke`, tenantA.key)).status).toBe(404);
    expect((await api.call('GET', '/v1/usage', tenantB.key)).status).toBe(200);
    const invoice = (await billingRows<{ id: string }>(stack, `SELECT gen_random_uuid()::text AS id`))[0].id;
    for (const path of [`/v1/invoices/${invoice}`, `/v1/invoices/${invoice}/html`, `/v1/invoices/${invoice}/pdf`]) {
      expect((await api.call('GET', path, tenantA.key)).status).toBe(404);
    }
    expect((await api.call('GET', '/v1/usage', admin)).status).toBe(403);
    const tenantUser = await api.call('POST', `/admin/tenants/${tenantA.id}/users`, admin, { email: 'data@a.test', password: 'tenant user password' });
    expect(tenantUser.status).toBe(201);
    const login = await api.call('POST', '/auth/login', null, { email: 'data@a.test', password: 'tenant user password' });
    expect((await api.call('GET', '/v1/tenant', login.body.token)).body.id).toBe(tenantA.id);
    expect((await api.call('GET', '/admin/tenants', login.body.token)).status).toBe(403);
  });
});
