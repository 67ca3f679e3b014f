import { TOPICS } from '@llmchain/contracts';
import { createServiceDatabase, ServiceStack, testKafka, waitUntil } from '@llmchain/testing';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import pino from 'pino';
import { Registry } from 'prom-client';
import { registerOutboxBacklogGauges } from '../../libs/platform/src/metrics/outbox-backlog-gauges';

/** One sample of a scrape: the value of the series with exactly these labels, or undefined when it is absent. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`).sort().join(',');
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const have = (match[2] ?? '').split(/,(?=[a-zA-Z_]+=")/).filter(Boolean).sort().join(',');
    if (have === wanted) return Number(match[3]);
  }
  return undefined;
}

/**
 * The platform's metrics on a real service (billing-service) against the real Postgres and Kafka: each figure is made
 * to a known value by the test (messages produced, rows inserted, requests sent) and read back from /metrics. Unsent
 * outbox events are measured on a database no relay serves (a running relay publishes them at once).
 */
describe('every service exports the platform metrics the alerts read', () => {
  const stack = new ServiceStack();
  const operatorToken = randomBytes(32).toString('hex');
  const scrape = async () => {
    const response = await fetch(`${stack.get('billing-service').baseUrl}/metrics`, { headers: { authorization: `Bearer ${operatorToken}` } });
    expect(response.status).toBe(200);
    return response.text();
  };
  beforeAll(async () => {
    await stack.add('billing-service', { OPERATOR_TOKEN: operatorToken });
    await stack.startAll();
  });
  afterAll(() => stack.teardown());

  it('answers operators only', async () => {
    expect((await fetch(`${stack.get('billing-service').baseUrl}/metrics`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(403);
  });

  it('counts HTTP answers by route pattern and status, never by the raw path', async () => {
    const base = stack.get('billing-service').baseUrl;
    const madeUp = randomBytes(4).toString('hex');
    const before = await scrape();
    for (let i = 0; i < 3; i++) await (await fetch(`${base}/health/live`)).text();
    await (await fetch(`${base}/no/such/${madeUp}`)).text();
    const after = await scrape();
    const total = (text: string, status: string) =>
      text.split('\n').filter((line) => line.startsWith('http_requests_total{') && line.includes(`status="${status}"`)).reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
    const live = (text: string) => sample(text, 'http_requests_total', { route: '/health/live', status: '200' }) ?? 0;
    expect({ live: live(after) - live(before), notFound: total(after, '404') - total(before, '404') }).toEqual({ live: 3, notFound: 1 });
    expect(after).not.toContain(madeUp);
  });

  it('counts dead letters by source topic', async () => {
    const producer = testKafka().producer();
    await producer.connect();
    await producer.send({ topic: `${stack.topicPrefix}${TOPICS.platformProbe}`, messages: [{ key: 'k', value: 'not json' }, { key: 'k', value: '{"also":"not an event"}' }] });
    await producer.disconnect();
    const text = await waitUntil(scrape, (t) => sample(t, 'kafka_dead_letters_total', { topic: TOPICS.platformProbe }) === 2, { what: 'two dead letters counted' });
    expect(sample(text, 'kafka_dead_letters_total', { topic: TOPICS.platformProbe })).toBe(2);
  });

  it("reports a consumer group's lag: the messages produced after its committed offsets", async () => {
    const topic = `${stack.topicPrefix}${TOPICS.platformProbe}`;
    const group = `${stack.topicPrefix}billing-service.lag-check`;
    const admin = testKafka().admin();
    await admin.connect();
    try {
      // A group of the service's (by name) with no members, committed at the end of every partition.
      const ends = await admin.fetchTopicOffsets(topic);
      await admin.setOffsets({ groupId: group, topic, partitions: ends.map((p) => ({ partition: p.partition, offset: p.high })) });
      const producer = testKafka().producer();
      await producer.connect();
      await producer.send({ topic, messages: Array.from({ length: 5 }, (_, i) => ({ key: `lag-${i}`, value: 'not json either' })) });
      await producer.disconnect();
      const text = await waitUntil(scrape, (t) => sample(t, 'kafka_consumer_group_lag', { group, topic }) === 5, { what: 'a lag of five' });
      expect(sample(text, 'kafka_consumer_group_lag', { group, topic })).toBe(5);
      // The service's own group consumes them: its lag returns to zero.
      await waitUntil(scrape, (t) => sample(t, 'kafka_consumer_group_lag', { group: `${stack.topicPrefix}billing-service`, topic }) === 0, { what: "the service's own group caught up" });
    } finally {
      await admin.disconnect();
    }
  });

  it('reports parked outbox events at /metrics', async () => {
    const db = new Client({ connectionString: stack.database('billing-service').url });
    await db.connect();
    try {
      expect(sample(await scrape(), 'outbox_parked_events', {})).toBe(0);
      // Parked: refused by Kafka before, left aside by the relay for an operator.
      await db.query(`INSERT INTO outbox_events (event_id, topic, key, payload, parked_at, last_error) VALUES (gen_random_uuid(), $1, 'k', '{}', now(), 'test')`, [TOPICS.platformProbe]);
      expect(sample(await scrape(), 'outbox_parked_events', {})).toBe(1);
    } finally {
      await db.query(`DELETE FROM outbox_events WHERE last_error = 'test'`);
      await db.end();
    }
  });

  it("measures unsent events and the oldest one's age (a service database with no relay running)", async () => {
    const database = await createServiceDatabase('billing-service');
    const db = new Client({ connectionString: database.url });
    await db.connect();
    try {
      const registry = new Registry();
      registerOutboxBacklogGauges(registry, { $queryRawUnsafe: async (sql: string) => (await db.query(sql)).rows } as never, pino({ enabled: false }));
      expect([sample(await registry.metrics(), 'outbox_pending_events', {}), sample(await registry.metrics(), 'outbox_oldest_pending_age_seconds', {})]).toEqual([0, 0]);
      const insert = (age: number, sentAt: string | null) =>
        db.query(`INSERT INTO outbox_events (event_id, topic, key, payload, created_at, sent_at) VALUES (gen_random_uuid(), 'platform.probe', 'k', '{}', now() - make_interval(secs => $1), ${sentAt ?? 'NULL'})`, [age]);
      await insert(300, null);
      await insert(20, null);
      await insert(900, 'now()'); // sent: neither counted nor the oldest
      const text = await registry.metrics();
      expect(sample(text, 'outbox_pending_events', {})).toBe(2);
      expect(sample(text, 'outbox_oldest_pending_age_seconds', {})).toBeGreaterThanOrEqual(300);
      expect(sample(text, 'outbox_oldest_pending_age_seconds', {})).toBeLessThan(360);
    } finally {
      await db.end();
      await database.drop();
    }
  });
});
