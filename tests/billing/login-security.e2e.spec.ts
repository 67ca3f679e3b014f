import { ServiceStack, waitUntil } from '@llmchain/testing';
import { ADMIN, BillingApi, billingRows, startBilling } from './billing-api';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Logins and sessions against real Redis and Postgres: per-account and per-address throttling with exponential
 * backoff (429 with Retry-After), a cap on concurrent password hashes, idle sessions ending and being purged, emails
 * compared case-insensitively, and a bootstrap admin that a restart does not re-activate or reset.
 */
describe('billing-service login security', () => {
  let stack: ServiceStack;
  let api: BillingApi;
  let admin: string;
  let tenantId: string;

  /** A login as if from `address`: billing trusts X-Forwarded-For from loopback, where the dashboard's proxy runs. */
  const login = async (email: string, password: string, address: string) => {
    const response = await fetch(`${api.service.baseUrl}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
      body: JSON.stringify({ email, password }),
    });
    return { status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as { token?: string; message?: string } };
  };
  const newUser = async (email: string, password = 'a tenant user password') => {
    const created = await api.call('POST', `/admin/tenants/${tenantId}/users`, admin, { email, password });
    expect(created.status).toBe(201);
    return created.body as { id: string; email: string };
  };

  beforeAll(async () => {
    ({ stack, api } = await startBilling({
      LOGIN_ACCOUNT_FAILURES: '3',
      LOGIN_ADDRESS_FAILURES: '4',
      LOGIN_CONCURRENT_HASHES: '1',
      LOGIN_HASH_QUEUE: '1',
      SESSION_IDLE_SECONDS: '3',
      SESSION_PURGE_INTERVAL_MS: '500',
    }));
    admin = await api.loginAdmin();
    tenantId = (await api.call('POST', '/admin/tenants', admin, { name: 'Logins' })).body.id;
  });
  afterAll(() => stack?.teardown());
  // Sessions here idle out after 3 s.
  beforeEach(async () => {
    admin = await api.loginAdmin();
  });

  it('makes an account wait after repeated failures, doubling the wait, even for the right password', async () => {
    await newUser('eve@logins.test');
    for (let i = 0; i < 3; i += 1) expect((await login('eve@logins.test', 'wrong password', `198.51.100.${i + 1}`)).status).toBe(401);
    const locked = await login('eve@logins.test', 'a tenant user password', '198.51.100.9');
    expect(locked).toMatchObject({ status: 429, retryAfter: '1', body: { message: expect.stringMatching(/too many failed logins/) } });
    await sleep(1_100);
    expect((await login('eve@logins.test', 'wrong again', '198.51.100.10')).status).toBe(401);
    expect(await login('eve@logins.test', 'a tenant user password', '198.51.100.11')).toMatchObject({ status: 429, retryAfter: '2' });
    await sleep(2_100);
    expect((await login('eve@logins.test', 'a tenant user password', '198.51.100.12')).status).toBe(200);
    // A success forgets the account's failures: one more failure is not yet a lockout.
    expect((await login('eve@logins.test', 'wrong password', '198.51.100.13')).status).toBe(401);
    expect((await login('eve@logins.test', 'a tenant user password', '198.51.100.14')).status).toBe(200);
  });

  it('makes an address that fails on many accounts wait, and not the accounts from elsewhere', async () => {
    for (let i = 0; i < 4; i += 1) expect((await login(`nobody${i}@logins.test`, 'guess', '203.0.113.7')).status).toBe(401);
    await newUser('fay@logins.test');
    expect(await login('fay@logins.test', 'a tenant user password', '203.0.113.7')).toMatchObject({ status: 429, retryAfter: '1' });
    expect((await login('fay@logins.test', 'a tenant user password', '203.0.113.8')).status).toBe(200);
  });

  it('caps concurrent password hashes: logins beyond the slots and the queue get 429 at once', async () => {
    const replies = await Promise.all(Array.from({ length: 16 }, (_, i) => login(`flood${i}@logins.test`, 'guess', `192.0.2.${i + 1}`)));
    const statuses = replies.map((r) => r.status);
    expect(statuses.filter((s) => s !== 401 && s !== 429)).toEqual([]);
    expect(statuses.filter((s) => s === 401).length).toBeGreaterThanOrEqual(2);
    const throttled = replies.filter((r) => r.status === 429);
    expect(throttled.length).toBeGreaterThan(0);
    for (const reply of throttled) expect(reply).toMatchObject({ retryAfter: '1', body: { message: expect.stringMatching(/too many logins at once/) } });
  });

  it('ends a session left unused for the idle timeout, not one in use, and purges it', async () => {
    await newUser('gus@logins.test');
    const { token } = (await login('gus@logins.test', 'a tenant user password', '198.51.100.50')).body;
    for (let i = 0; i < 4; i += 1) {
      await sleep(1_000);
      expect((await api.call('GET', '/v1/tenant', token)).status).toBe(200);
    }
    await sleep(3_200);
    expect((await api.call('GET', '/v1/tenant', token)).status).toBe(401);
    const userId = (await billingRows<{ id: string }>(stack, `SELECT id::text FROM users WHERE email = 'gus@logins.test'`))[0].id;
    await waitUntil(() => billingRows(stack, `SELECT 1 FROM sessions WHERE user_id = $1`, [userId]).then((rows) => rows.length), (n) => n === 0, {
      timeoutMs: 5_000,
      what: 'the idle session to be purged',
    });
  });

  it('compares emails case-insensitively', async () => {
    expect(await newUser('Hal.Jones@Logins.TEST')).toMatchObject({ email: 'hal.jones@logins.test' });
    expect((await login('HAL.JONES@logins.test', 'a tenant user password', '198.51.100.60')).status).toBe(200);
    const duplicate = await api.call('POST', `/admin/tenants/${tenantId}/users`, admin, { email: 'hal.JONES@logins.test', password: 'another password ok' });
    expect(duplicate.status).toBe(409);
  });

  it('leaves a deactivated or re-passworded bootstrap admin as it is across a restart', async () => {
    const second = await api.call('POST', '/admin/admins', admin, { email: 'ops@logins.test', password: 'second admin password' });
    expect(second.status).toBe(201);
    const ops = (await login('ops@logins.test', 'second admin password', '198.51.100.70')).body.token!;
    const bootstrap = (await api.call('GET', '/admin/admins', ops)).body.data.find((a: { email: string }) => a.email === ADMIN.email);
    expect((await api.call('POST', `/admin/admins/${bootstrap.id}/password`, ops, { password: 'a password ops chose' })).status).toBe(200);
    expect((await api.call('POST', `/admin/admins/${bootstrap.id}/deactivate`, ops)).status).toBe(200);

    await api.service.kill('SIGTERM');
    api.service.start();
    await api.service.waitReady();

    expect((await login(ADMIN.email, ADMIN.password, '198.51.100.71')).status).toBe(401);
    expect((await login(ADMIN.email, 'a password ops chose', '198.51.100.72')).status).toBe(403);
    const [row] = await billingRows<{ deactivated: boolean }>(stack, `SELECT deactivated_at IS NOT NULL AS deactivated FROM users WHERE email = $1`, [ADMIN.email]);
    expect(row.deactivated).toBe(true);
  });
});
