import { TOPICS } from '@llmchain/contracts';
import { ensurePhysicalTopics, OutboxRelay, PgSqlClient, TopicNamespace } from '@llmchain/platform';
import { createEmptyDatabase, deleteTopicNamespace, queryRows, REPO_ROOT, testKafka, TestDatabase, uniqueTopicPrefix, waitUntil } from '@llmchain/testing';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import pino from 'pino';

const KEYS = ['tenant-a', 'tenant-b', 'tenant-c'];
const EVENTS = 1_500;

/**
 * Two relays (two replicas of a service, each with its own connection pool) on one real outbox, publishing a backlog
 * in small batches to the real Kafka: every event arrives, once, and each key's events arrive in the order they were
 * written, which FOR UPDATE SKIP LOCKED alone does not give (the second relay would send a later batch while the first
 * still sends an earlier one).
 */
describe('two outbox relays keep each key in order', () => {
  const prefix = uniqueTopicPrefix();
  const namespace = new TopicNamespace(prefix);
  const kafka = testKafka('outbox-order');
  let database: TestDatabase;
  const clients: PgSqlClient[] = [];
  const relays: OutboxRelay[] = [];

  beforeAll(async () => {
    database = await createEmptyDatabase('llmchain_outbox_order');
    execFileSync('bash', ['tools/prisma.sh', 'data-service', 'migrate', 'deploy'], { cwd: REPO_ROOT, env: { ...process.env, DATABASE_URL: database.url }, stdio: 'pipe' });
    await ensurePhysicalTopics(kafka, [namespace.physical(TOPICS.platformProbe)], { partitions: 3 });
  });
  afterAll(async () => {
    await Promise.all(relays.map((r) => r.stop()));
    await Promise.all(clients.map((c) => c.end()));
    await database?.drop();
    await deleteTopicNamespace(prefix);
  });

  it('publishes a backlog once, each key in the order it was written', async () => {
    const written = Array.from({ length: EVENTS }, (_, sequence) => ({ id: randomUUID(), key: KEYS[sequence % KEYS.length], sequence }));
    for (let start = 0; start < EVENTS; start += 500) {
      const chunk = written.slice(start, start + 500);
      const values = chunk.map((_, i) => `($${i * 3 + 1}::uuid, '${TOPICS.platformProbe}', $${i * 3 + 2}, $${i * 3 + 3}::jsonb)`);
      await queryRows(database.url, `INSERT INTO outbox_events (event_id, topic, key, payload) VALUES ${values.join(', ')}`, chunk.flatMap((e) => [e.id, e.key, JSON.stringify({ sequence: e.sequence })]));
    }
    for (let i = 0; i < 2; i++) {
      const db = new PgSqlClient({ connectionString: database.url, max: 1 }, pino({ level: 'silent' }));
      clients.push(db);
      relays.push(new OutboxRelay(db, kafka, namespace, pino({ level: 'silent' }), { fallbackPollMs: 10, batchSize: 25 }));
    }
    await Promise.all(relays.map((r) => r.start()));

    const received = new Map<string, number[]>(KEYS.map((key) => [key, []]));
    const ids: string[] = [];
    const consumer = kafka.consumer({ groupId: `${prefix}check` });
    await consumer.connect();
    await consumer.subscribe({ topic: namespace.physical(TOPICS.platformProbe), fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        ids.push(message.headers!['event-id']!.toString());
        received.get(message.key!.toString())!.push(JSON.parse(message.value!.toString()).sequence);
      },
    });
    await waitUntil(() => Promise.resolve(ids.length), (count) => count >= EVENTS, { timeoutMs: 90_000, what: 'every event on the topic' });
    await consumer.disconnect();

    expect(new Set(ids).size).toBe(EVENTS);
    expect(ids).toHaveLength(EVENTS);
    for (const key of KEYS) {
      const expected = written.filter((e) => e.key === key).map((e) => e.sequence);
      expect(received.get(key)).toEqual(expected);
    }
    const [{ unsent }] = await queryRows<{ unsent: number }>(database.url, 'SELECT count(*)::int AS unsent FROM outbox_events WHERE sent_at IS NULL');
    expect(unsent).toBe(0);
  });
});
