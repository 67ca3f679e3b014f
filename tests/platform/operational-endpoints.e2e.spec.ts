import { requestJson, ServiceStack, waitUntil } from '@llmchain/testing';

const OPERATOR_TOKEN = 'operator-token-for-tests-0123456789abcdef';
const REDIS_PASSWORD = 'redis-password-never-shown';

/**
 * A billing-service configured with an operator token, whose Redis (given with a password in its URL) does not
 * answer: readiness tells a load balancer only that it is not ready, and tells operators which dependency failed
 * without quoting the connection string; diagnostics answer the operator token, not a caller on the same host.
 */
describe('operational endpoints answer operators only', () => {
  const stack = new ServiceStack();
  let baseUrl = '';
  afterAll(() => stack.teardown());

  beforeAll(async () => {
    const service = await stack.add('billing-service', { OPERATOR_TOKEN, REDIS_URL: `redis://:${REDIS_PASSWORD}@127.0.0.1:1` });
    service.start();
    baseUrl = service.baseUrl;
    await waitUntil(() => fetch(`${baseUrl}/health/live`).then((r) => r.status, () => 0), (status) => status === 200, { what: 'billing-service to be live' });
  });

  const get = async (path: string, token?: string) => {
    const response = await fetch(`${baseUrl}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    return { status: response.status, text: await response.text() };
  };

  it('gives a caller without the token the readiness status only', async () => {
    const ready = await waitUntil(() => get('/health/ready'), (r) => r.status === 503, { what: 'readiness to answer 503' });
    expect(JSON.parse(ready.text)).toEqual({ status: 'error' });
  });

  it('gives the operator which dependency failed, without its connection string', async () => {
    const ready = await get('/health/ready', OPERATOR_TOKEN);
    expect(ready.status).toBe(503);
    const body = JSON.parse(ready.text) as { details: Record<string, { status: string; message?: string }> };
    expect(body.details).toMatchObject({ redis: { status: 'down' }, database: { status: 'up' } });
    expect(ready.text).not.toContain(REDIS_PASSWORD);
    expect(ready.text).not.toMatch(/redis:\/\/|postgres(ql)?:\/\//);
  });

  it('refuses diagnostics to a caller on the same host without the token, and answers the operator', async () => {
    expect((await get('/diagnostics/probes?from=billing-service')).status).toBe(403);
    expect((await get('/diagnostics/probes?from=billing-service', `${OPERATOR_TOKEN}x`)).status).toBe(403);
    const refused = await requestJson<{ message: string }>('POST', `${baseUrl}/diagnostics/probes`, { to: 'billing-service', count: 1 });
    expect(refused.status).toBe(403);
    expect(refused.body.message).toMatch(/OPERATOR_TOKEN/);
    expect((await get('/diagnostics/probes?from=billing-service', OPERATOR_TOKEN)).status).toBe(200);
  });
});
