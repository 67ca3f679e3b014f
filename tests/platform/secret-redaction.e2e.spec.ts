import { ServiceStack, waitUntil } from '@llmchain/testing';

const ADMIN = { email: 'admin@redaction.test', password: 'a password that must never be logged' };

/**
 * A real billing-service logging everything (debug) is signed into with a password, mints a tenant API key, and is
 * called with the key in every header that carries credentials: none of the secrets may appear in its log.
 */
describe('secrets never reach the log', () => {
  const stack = new ServiceStack();
  let call: (method: string, path: string, headers?: Record<string, string>, body?: unknown) => Promise<{ status: number; body: any }>;

  beforeAll(async () => {
    const billing = await stack.add('billing-service', { BOOTSTRAP_ADMIN_EMAIL: ADMIN.email, BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password, LOG_LEVEL: 'debug' });
    await stack.startAll();
    call = async (method, path, headers = {}, body) => {
      const response = await fetch(`${billing.baseUrl}${path}`, {
        method,
        headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, body: await response.json() };
    };
  });
  afterAll(() => stack.teardown());

  it('hides the password, the session token and the API key wherever they were sent', async () => {
    const login = await call('POST', '/auth/login', {}, ADMIN);
    expect(login.status).toBe(200);
    const session = login.body.token as string;
    const admin = { authorization: `Bearer ${session}` };
    const tenant = await call('POST', '/admin/tenants', admin, { name: 'Redacted Ltd', contactEmail: 'ops@redaction.test', billingEmail: null });
    expect(tenant.status).toBe(201);
    const minted = await call('POST', `/admin/tenants/${tenant.body.id}/api-keys`, admin, { name: 'logged', scopes: ['data', 'keys'] });
    expect(minted.status).toBe(201);
    const key = minted.body.key as string;
    // The secret part follows `llmk_<8 hex>_`; base64url may itself hold '_', so split by position, not by the last '_'.
    const keySecret = key.slice(key.indexOf('_', key.indexOf('_') + 1) + 1);
    expect(keySecret).toHaveLength(43);

    const withKey = { authorization: `Bearer ${key}`, 'x-api-key': key, cookie: `session=${session}`, 'proxy-authorization': `Basic ${keySecret}` };
    expect((await call('GET', '/v1/api-keys', withKey)).status).toBe(200);
    expect((await call('GET', '/v1/api-keys', { ...withKey, authorization: `Bearer ${key.slice(0, -1)}x` })).status).toBe(401);

    // Both request lines are logged (so the absence below means something), and show the headers were there.
    const output = stack.get('billing-service').output;
    const requestLines = await waitUntil(
      () => Promise.resolve(output.filter((line) => line.includes('"/v1/api-keys"'))),
      (lines) => lines.length >= 2,
      { what: 'both /v1/api-keys requests to be logged' },
    );
    const log = output.join('\n');
    expect(JSON.parse(requestLines[0]).req.headers).toMatchObject({ authorization: '[Redacted]', 'x-api-key': '[Redacted]', cookie: '[Redacted]' });
    // On a failure, the line around the leak says which writer let it through.
    const leaks = [keySecret, keySecret.slice(0, -1), session, ADMIN.password].flatMap((secret) => {
      const at = log.indexOf(secret);
      return at === -1 ? [] : [log.slice(Math.max(0, log.lastIndexOf('\n', at) + 1), log.indexOf('\n', at) === -1 ? undefined : log.indexOf('\n', at))];
    });
    expect(leaks).toEqual([]);
  });
});
