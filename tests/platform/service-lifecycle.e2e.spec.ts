import { requestJson, ServiceProcess, ServiceStack, SERVICES, waitUntil } from '@llmchain/testing';

describe('every service: boot, health, structured logs, graceful shutdown', () => {
  const stack = new ServiceStack();
  beforeAll(async () => {
    for (const { name } of SERVICES) await stack.add(name);
    await stack.startAll();
  });
  afterAll(() => stack.teardown());

  it.each(SERVICES.map((s) => s.name))('%s is live and ready, with its database, Redis and Kafka up', async (name) => {
    const service = stack.get(name);
    expect((await requestJson(`GET`, `${service.baseUrl}/health/live`)).status).toBe(200);
    const ready = await requestJson<{ status: string; details: Record<string, { status: string }> }>(
      'GET',
      `${service.baseUrl}/health/ready`,
    );
    expect(ready.status).toBe(200);
    expect(ready.body.details).toMatchObject({
      database: { status: 'up' },
      redis: { status: 'up' },
      kafka: { status: 'up' },
    });
  });

  it('logs one JSON object per line, tagged with the service name', () => {
    for (const { name } of SERVICES) {
      const lines = stack.get(name).output;
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) expect(JSON.parse(line)).toMatchObject({ service: name });
    }
  });

  it('drains and exits 0 on SIGTERM', async () => {
    const service = stack.get('serving-service');
    const result = await service.kill('SIGTERM');
    expect(result).toEqual({ code: 0, signal: null });
    expect(service.tail()).toMatch(/received SIGTERM: draining[\s\S]*stopped cleanly/);
  });
});

describe('readiness follows the dependencies', () => {
  const stack = new ServiceStack();
  afterAll(() => stack.teardown());

  it('is live but answers 503 naming Redis when Redis does not answer', async () => {
    const service = await stack.add('billing-service', { REDIS_URL: 'redis://127.0.0.1:1' });
    service.start();
    type Health = { details?: Record<string, { status: string }> };
    const unanswered = { status: 0, body: {} as Health };
    const ready = await waitUntil(
      () => requestJson<Health>('GET', `${service.baseUrl}/health/ready`).catch(() => unanswered),
      (r) => r.status === 503,
      { what: 'readiness to answer 503' },
    );
    expect(ready.status).toBe(503);
    expect(ready.body.details?.redis.status).toBe('down');
    expect(ready.body.details?.database.status).toBe('up');
    expect((await requestJson('GET', `${service.baseUrl}/health/live`)).status).toBe(200);
  });
});

describe('configuration is validated at boot', () => {
  const base = { PATH: process.env.PATH ?? '' };

  async function bootWith(env: Record<string, string>) {
    const service = new ServiceProcess('data-service', env).start();
    const result = await service.waitExit();
    return { result, output: service.output.join('\n') };
  }

  it('stops with a message naming a missing variable', async () => {
    const { result, output } = await bootWith({
      ...base,
      PORT: '3999',
      REDIS_URL: 'redis://127.0.0.1:6379',
      KAFKA_BROKERS: '127.0.0.1:9092',
    });
    expect(result.code).toBe(1);
    expect(output).toContain('data-service: invalid configuration');
    expect(output).toMatch(/DATABASE_URL: .*it is not set/);
  });

  it('stops with a message naming each malformed variable', async () => {
    const { result, output } = await bootWith({
      ...base,
      PORT: 'http',
      DATABASE_URL: 'mysql://nope',
      REDIS_URL: 'redis://127.0.0.1:6379',
      KAFKA_BROKERS: 'localhost',
    });
    expect(result.code).toBe(1);
    expect(output).toMatch(/PORT: .*got "http"/);
    expect(output).toMatch(/DATABASE_URL: must be a postgresql:\/\/.*got "mysql:\/\/nope"/);
    expect(output).toMatch(/KAFKA_BROKERS: must be a comma-separated list of host:port/);
  });
});
