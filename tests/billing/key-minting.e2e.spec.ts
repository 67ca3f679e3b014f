import { ServiceStack } from '@llmchain/testing';
import { BillingApi, billingRows, startBilling } from './billing-api';

/**
 * The restricted-key model: only a signed-in tenant user or a key with the "keys" scope manages keys, a new key's
 * scopes are a subset of its creator's, keys record who minted them, and a tenant user's deactivation, deletion or
 * new password revokes the keys they minted (the dashboard's sign-in keys among them) and the keys those minted.
 */
describe('billing-service API key minting', () => {
  let stack: ServiceStack;
  let api: BillingApi;
  let admin: string;
  let tenantId: string;
  let servingKey: { id: string; key: string };
  let adminKeyId: string;

  const revokedAt = async (ids: string[]) =>
    Object.fromEntries(
      (await billingRows<{ id: string; revoked: boolean }>(stack, `SELECT id::text, revoked_at IS NOT NULL AS revoked FROM api_keys WHERE id = ANY($1::uuid[])`, [ids])).map((r) => [r.id, r.revoked]),
    );
  const revokedEvents = async (ids: string[]) =>
    (await billingRows<{ id: string }>(stack, `SELECT payload->'data'->>'apiKeyId' AS id FROM outbox_events WHERE topic = 'apikey.revoked' AND payload->'data'->>'apiKeyId' = ANY($1)`, [ids]))
      .map((r) => r.id)
      .sort();
  const newUser = async (email: string) => {
    const user = await api.call('POST', `/admin/tenants/${tenantId}/users`, admin, { email, password: 'a tenant user password' });
    expect(user.status).toBe(201);
    const login = await api.call('POST', '/auth/login', null, { email, password: 'a tenant user password' });
    expect(login.status).toBe(200);
    return { id: user.body.id as string, session: login.body.token as string };
  };
  /** What the dashboard does at each sign-in: a key with every service scope, expiring with the session. */
  const signInKey = async (session: string) => {
    const issued = await api.call('POST', '/v1/api-keys', session, { name: 'dashboard sign-in', scopes: ['data', 'training', 'serving', 'keys'] });
    expect(issued.status).toBe(201);
    return issued.body as { id: string; key: string; createdByUserId: string | null; createdByApiKeyId: string | null };
  };

  beforeAll(async () => {
    ({ stack, api } = await startBilling());
    admin = await api.loginAdmin();
    tenantId = (await api.call('POST', '/admin/tenants', admin, { name: 'Minting' })).body.id;
    const serving = await api.call('POST', `/admin/tenants/${tenantId}/api-keys`, admin, { name: 'app', scopes: ['serving'] });
    servingKey = { id: serving.body.id, key: serving.body.key };
    adminKeyId = servingKey.id;
  });
  afterAll(() => stack?.teardown());

  it('refuses a key without the "keys" scope any key management (403), minting nothing', async () => {
    const before = await billingRows(stack, `SELECT 1 FROM api_keys WHERE tenant_id = $1`, [tenantId]);
    const minted = await api.call('POST', '/v1/api-keys', servingKey.key, { name: 'escalate', scopes: ['serving', 'data', 'training'] });
    expect(minted.status).toBe(403);
    expect(minted.body.message).toMatch(/signed-in tenant user or an API key with the "keys" scope/);
    expect((await api.call('GET', '/v1/api-keys', servingKey.key)).status).toBe(403);
    expect((await api.call('POST', `/v1/api-keys/${servingKey.id}/revoke`, servingKey.key)).status).toBe(403);
    expect(await billingRows(stack, `SELECT 1 FROM api_keys WHERE tenant_id = $1`, [tenantId])).toHaveLength(before.length);
  });

  it('lets a "keys" key grant only scopes it holds, and records it as the minter', async () => {
    const manager = await api.call('POST', `/admin/tenants/${tenantId}/api-keys`, admin, { name: 'ops', scopes: ['data', 'keys'] });
    expect(manager.body).toMatchObject({ scopes: ['data', 'keys'], createdByUserId: expect.any(String), createdByApiKeyId: null });
    const broader = await api.call('POST', '/v1/api-keys', manager.body.key, { name: 'broader', scopes: ['data', 'serving'] });
    expect(broader.status).toBe(403);
    expect(broader.body.message).toMatch(/cannot grant serving/);
    const narrower = await api.call('POST', '/v1/api-keys', manager.body.key, { name: 'narrower', scopes: ['data'] });
    expect(narrower.status).toBe(201);
    expect(narrower.body).toMatchObject({ scopes: ['data'], createdByApiKeyId: manager.body.id, createdByUserId: null });
    expect((await api.call('POST', `/v1/api-keys/${narrower.body.id}/revoke`, manager.body.key)).status).toBe(201);
  });

  it("revokes the keys a tenant user minted, and the keys those minted, when the user is deactivated", async () => {
    const ann = await newUser('ann@minting.test');
    const dashboardKey = await signInKey(ann.session);
    expect(dashboardKey).toMatchObject({ createdByUserId: ann.id, createdByApiKeyId: null });
    const grandchild = await api.call('POST', '/v1/api-keys', dashboardKey.key, { name: 'script', scopes: ['training'] });
    expect(grandchild.body.createdByApiKeyId).toBe(dashboardKey.id);
    expect((await api.call('GET', '/v1/tenant', grandchild.body.key)).status).toBe(200);

    expect((await api.call('POST', `/admin/tenants/${tenantId}/users/${ann.id}/deactivate`, admin)).status).toBe(200);
    expect(await revokedAt([dashboardKey.id, grandchild.body.id, adminKeyId])).toEqual({ [dashboardKey.id]: true, [grandchild.body.id]: true, [adminKeyId]: false });
    expect(await revokedEvents([dashboardKey.id, grandchild.body.id])).toEqual([dashboardKey.id, grandchild.body.id].sort());
    expect((await api.call('GET', '/v1/tenant', dashboardKey.key)).status).toBe(401);
    expect((await api.call('GET', '/v1/tenant', grandchild.body.key)).status).toBe(401);
  });

  it("revokes them when the user's password is reset or the user deleted; an admin's keys stay when the admin goes", async () => {
    const bob = await newUser('bob@minting.test');
    const first = await signInKey(bob.session);
    expect((await api.call('POST', `/admin/tenants/${tenantId}/users/${bob.id}/password`, admin, {})).status).toBe(200);
    expect(await revokedAt([first.id])).toEqual({ [first.id]: true });

    const cat = await newUser('cat@minting.test');
    const second = await signInKey(cat.session);
    expect((await api.call('DELETE', `/admin/tenants/${tenantId}/users/${cat.id}`, admin)).status).toBe(204);
    expect(await revokedAt([second.id])).toEqual({ [second.id]: true });
    expect(await revokedEvents([first.id, second.id])).toEqual([first.id, second.id].sort());

    const other = await api.call('POST', '/admin/admins', admin, { email: 'other.admin@minting.test', password: 'another admin password' });
    const otherSession = (await api.call('POST', '/auth/login', null, { email: 'other.admin@minting.test', password: 'another admin password' })).body.token;
    const issued = await api.call('POST', `/admin/tenants/${tenantId}/api-keys`, otherSession, { name: 'prod', scopes: ['serving'] });
    expect(issued.body.createdByUserId).toBe(other.body.id);
    expect((await api.call('POST', `/admin/admins/${other.body.id}/deactivate`, admin)).status).toBe(200);
    expect(await revokedAt([issued.body.id])).toEqual({ [issued.body.id]: false });
  });
});
