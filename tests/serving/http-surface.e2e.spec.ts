import { infraEnv, TcpGate, waitUntil } from '@llmchain/testing';
import { ServingHarness, TenantKey } from './serving-harness';

type OpenAiErrorBody = { error: { message: string; type: string; param: string | null; code: string | null } };

/**
 * serving-service's HTTP surface as a client or an attacker meets it: OpenAI's error shape on every /v1 answer,
 * a body limit that fits long prompts, metric labels callers cannot multiply, security headers, and outages of
 * its database and Redis answered with 503 and Retry-After. Postgres and Redis are reached through TcpGates of this
 * test's own, so cutting them leaves the shared servers (and everyone else's tests) alone.
 */
describe('serving-service HTTP surface', () => {
  const harness = new ServingHarness();
  const infra = infraEnv();
  const redisUrl = new URL(infra.REDIS_URL);
  const redisGate = new TcpGate(redisUrl.hostname, Number(redisUrl.port || 6379));
  let databaseGate: TcpGate;
  let tenant: TenantKey;

  beforeAll(async () => {
    await redisGate.open();
    await harness.start({ REDIS_URL: redisGate.rewrite(infra.REDIS_URL) }, (env) => {
      const database = new URL(env.DATABASE_URL);
      databaseGate = new TcpGate(database.hostname, Number(database.port || 5432));
      return databaseGate.open().then(() => void (env.DATABASE_URL = databaseGate.rewrite(env.DATABASE_URL)));
    });
    tenant = await harness.issueKey();
    await harness.registerModel(tenant.tenantId, 'tiny-surface');
  });
  afterAll(async () => {
    await harness.teardown();
    await redisGate.cut();
    await databaseGate?.cut();
  });

  const post = async (path: string, body: string | object, key = tenant.key) => {
    const response = await fetch(`${harness.serving.baseUrl}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
      // An outage must be answered, not waited out: a request still open after this fails the test.
      signal: AbortSignal.timeout(20_000),
    });
    return { status: response.status, headers: response.headers, body: (await response.json()) as OpenAiErrorBody };
  };
  const chat = (content: string) => ({ model: 'tiny-surface', messages: [{ role: 'user', content }], max_tokens: 1 });

  it('reads a 1 MB prompt (the model refuses it as too long for its context, in OpenAI’s shape), not 413', async () => {
    const reply = await post('/v1/chat/completions', chat('word '.repeat(200_000)));
    expect(reply.status).toBe(400);
    expect(reply.body.error).toMatchObject({ type: 'invalid_request_error', code: 'context_length_exceeded' });
  });

  it('answers a body past the limit with 413 in OpenAI’s shape, and an unknown /v1 path with 404 in it', async () => {
    const tooLarge = await post('/v1/chat/completions', chat('x'.repeat(3 * 1024 * 1024)));
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body.error).toMatchObject({ type: 'invalid_request_error', code: 'request_too_large', param: null });
    expect(tooLarge.body.error.message).toMatch(/large/i);
    const unknown = await post('/v1/no/such/route', {});
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatchObject({ type: 'invalid_request_error', code: 'unknown_url' });
  });

  it('labels its request counter by matched route: made-up paths add no series', async () => {
    const endpoints = async () => {
      const text = await (await fetch(`${harness.serving.baseUrl}/metrics`)).text();
      return new Set([...text.matchAll(/^serving_requests_total\{endpoint="([^"]*)"/gm)].map((m) => m[1]));
    };
    for (let i = 0; i < 20; i++) {
      await fetch(`${harness.serving.baseUrl}/v1/models/made-up-${i}`, { headers: { authorization: `Bearer ${tenant.key}` } });
      await fetch(`${harness.serving.baseUrl}/v1/made-up-${i}`, { headers: { authorization: `Bearer ${tenant.key}` } });
    }
    const labels = await endpoints();
    expect([...labels].filter((label) => label.includes('made-up'))).toEqual([]);
    expect(labels).toContain('/v1/models/:model');
    expect(labels.size).toBeLessThan(8);
  });

  it('sends security headers and does not say what it runs on', async () => {
    const response = await fetch(`${harness.serving.baseUrl}/v1/models`, { headers: { authorization: `Bearer ${tenant.key}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-powered-by')).toBeNull();
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
  });

  it('answers 503 with Retry-After, within seconds, while Redis is away, and logs it with the request id', async () => {
    await redisGate.cut();
    try {
      const started = Date.now();
      const reply = await post('/v1/chat/completions', chat('the cat'));
      expect({ status: reply.status, retryAfter: reply.headers.get('retry-after'), error: reply.body.error }).toMatchObject({
        status: 503,
        retryAfter: expect.stringMatching(/^\d+$/),
        error: { type: 'service_unavailable', code: 'dependency_unavailable' },
      });
      expect(Date.now() - started).toBeLessThan(10_000);
      const logged = await waitUntil(
        () => Promise.resolve(harness.serving.output.filter((line) => line.startsWith('{')).map((line) => JSON.parse(line)).find((entry) => entry.msg === 'request refused: redis unavailable')),
        (entry) => entry !== undefined,
        { what: 'the refusal to be logged' },
      );
      expect(logged).toMatchObject({ dependency: 'redis', reqId: expect.anything(), url: '/v1/chat/completions' });
    } finally {
      await redisGate.open();
    }
  });

  it('answers 503 with Retry-After, within seconds, while its database is away', async () => {
    // A key this process has never verified: its check must read the database. The tenant's own key could be
    // answered from the caches alone (the verified key, limits and aliases under a second old), as it should be.
    const unverified = await harness.issueKey(tenant.tenantId);
    await databaseGate.cut();
    try {
      const started = Date.now();
      const reply = await post('/v1/chat/completions', chat('the cat'), unverified.key);
      expect({ status: reply.status, retryAfter: reply.headers.get('retry-after'), type: reply.body.error.type }).toEqual({
        status: 503,
        retryAfter: expect.stringMatching(/^\d+$/),
        type: 'service_unavailable',
      });
      expect(Date.now() - started).toBeLessThan(10_000);
      expect((await fetch(`${harness.serving.baseUrl}/health/live`)).status).toBe(200);
    } finally {
      await databaseGate.open();
    }
  });
});
