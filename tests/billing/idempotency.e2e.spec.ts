import { ServiceStack } from '@llmchain/testing';
import { randomUUID } from 'node:crypto';
import { BillingApi, billingRows, startBilling } from './billing-api';

type Reply = { status: number; body: any; replayed: string | null };

/**
 * Idempotency-Key on billing's creating POSTs (Stripe's rules), through the platform's interceptor and its
 * idempotency_keys table: replay of the first response, 422 for another body, 409 while the first is in flight,
 * keys per credential, forgotten after 24 hours, and kept responses unreadable in the database.
 */
describe('billing-service Idempotency-Key', () => {
  let stack: ServiceStack;
  let api: BillingApi;
  let admin: string;

  const post = async (path: string, token: string, body: unknown, key: string): Promise<Reply> => {
    const response = await fetch(`${api.service.baseUrl}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: await response.json(), replayed: response.headers.get('idempotent-replayed') };
  };
  const tenantsNamed = async (name: string) => (await billingRows(stack, `SELECT 1 FROM tenants WHERE name = $1`, [name])).length;

  beforeAll(async () => {
    ({ stack, api } = await startBilling());
    admin = await api.loginAdmin();
  });
  afterAll(() => stack?.teardown());

  it('replays the first response to a retry with the same body, creating once; another body under the key is 422', async () => {
    const key = randomUUID();
    const first = await post('/admin/tenants', admin, { name: 'Once', contactEmail: 'ops@once.test' }, key);
    expect(first).toMatchObject({ status: 201, replayed: null });
    // The same body with its keys in another order is the same request.
    const retry = await post('/admin/tenants', admin, { contactEmail: 'ops@once.test', name: 'Once' }, key);
    expect(retry).toEqual({ status: 201, body: first.body, replayed: 'true' });
    const other = await post('/admin/tenants', admin, { name: 'Twice' }, key);
    expect(other.status).toBe(422);
    expect(other.body.message).toMatch(/Idempotency-Key: this key was used with another request/);
    expect({ once: await tenantsNamed('Once'), twice: await tenantsNamed('Twice') }).toEqual({ once: 1, twice: 0 });
    const elsewhere = await post(`/admin/tenants/${first.body.id}/api-keys`, admin, { name: 'Once' }, key);
    expect(elsewhere.status).toBe(422);
  });

  it('lets one of many concurrent duplicates run: the others get 409 or its replay, and one key exists', async () => {
    const tenant = (await post('/admin/tenants', admin, { name: 'Concurrent' }, randomUUID())).body;
    const key = randomUUID();
    const replies = await Promise.all(Array.from({ length: 8 }, () => post(`/admin/tenants/${tenant.id}/api-keys`, admin, { name: 'prod', scopes: ['serving'] }, key)));
    const created = replies.filter((r) => r.status === 201);
    expect(replies.filter((r) => r.status !== 201 && r.status !== 409)).toEqual([]);
    expect(new Set(created.map((r) => r.body.id)).size).toBe(1);
    expect(created.filter((r) => r.replayed === null)).toHaveLength(1);
    for (const reply of replies.filter((r) => r.status === 409)) expect(reply.body.message).toMatch(/still in progress/);
    expect(await billingRows(stack, `SELECT 1 FROM api_keys WHERE tenant_id = $1`, [tenant.id])).toHaveLength(1);
    const replay = await post(`/admin/tenants/${tenant.id}/api-keys`, admin, { name: 'prod', scopes: ['serving'] }, key);
    expect(replay).toMatchObject({ status: 201, replayed: 'true', body: { id: created[0].body.id, key: created[0].body.key } });
    // The replayed secret is kept sealed: the table holds neither it nor the Idempotency-Key.
    const rows = await billingRows<{ response: Buffer; key_hash: string }>(stack, `SELECT response, key_hash FROM idempotency_keys`);
    for (const row of rows) {
      expect(row.response.toString('latin1')).not.toContain(created[0].body.key);
      expect(row.key_hash).not.toContain(key);
    }
  });

  it('keeps keys per credential and forgets them after 24 hours', async () => {
    const key = randomUUID();
    const otherAdmin = await api.call('POST', '/admin/admins', admin, { email: 'second@idem.test', password: 'second admin password' });
    const second = (await api.call('POST', '/auth/login', null, { email: 'second@idem.test', password: 'second admin password' })).body.token;
    expect(otherAdmin.status).toBe(201);
    const mine = await post('/admin/tenants', admin, { name: 'Per credential' }, key);
    const theirs = await post('/admin/tenants', second, { name: 'Per credential' }, key);
    expect([mine.status, theirs.status, theirs.replayed]).toEqual([201, 201, null]);
    expect(theirs.body.id).not.toBe(mine.body.id);
    await billingRows(stack, `UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE created_at < now()`);
    const afterExpiry = await post('/admin/tenants', admin, { name: 'Per credential' }, key);
    expect([afterExpiry.status, afterExpiry.replayed]).toEqual([201, null]);
    expect(await tenantsNamed('Per credential')).toBe(3);
  });

  it('refuses a malformed key with 400 and creates nothing', async () => {
    const bad = await post('/admin/tenants', admin, { name: 'Bad key' }, 'x'.repeat(256));
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/Idempotency-Key: must be 1 to 255 printable ASCII/);
    expect(await tenantsNamed('Bad key')).toBe(0);
  });
});
