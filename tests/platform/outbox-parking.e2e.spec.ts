import { TOPICS } from '@llmchain/contracts';
import { ensurePhysicalTopics, OutboxRelay, PgSqlClient, TopicNamespace } from '@llmchain/platform';
import { createEmptyDatabase, deleteTopicNamespace, queryRows, REPO_ROOT, testKafka, TestDatabase, uniqueTopicPrefix, waitUntil } from '@llmchain/testing';
import { execFileSync } from 'node:child_process';
import pino from 'pino';
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';

type OutboxRow = { event_id: string; sent: boolean; parked: boolean; refusals: number };

/**
 * A real outbox (data-service's migrated database) relayed to the real Kafka, holding an event larger than the
 * broker accepts between two ordinary ones: the ordinary ones are published, the refused one is parked after
 * PARK_AFTER tries with an alert in the log, and the relay keeps going.
 */
describe('the outbox relay parks an event Kafka refuses instead of blocking behind it', () => {
  const PARK_AFTER = 2;
  const prefix = uniqueTopicPrefix();
  const namespace = new TopicNamespace(prefix);
  const kafka = testKafka('outbox-parking');
  const logLines: string[] = [];
  let database: TestDatabase;
  let db: PgSqlClient;
  let relay: OutboxRelay;

  beforeAll(async () => {
    // Migrated here rather than copied from the shared template, which another checkout may have built from other
    // migrations.
    database = await createEmptyDatabase('llmchain_outbox_parking');
    execFileSync('bash', ['tools/prisma.sh', 'data-service', 'migrate', 'deploy'], { cwd: REPO_ROOT, env: { ...process.env, DATABASE_URL: database.url }, stdio: 'pipe' });
    db = new PgSqlClient({ connectionString: database.url, max: 1 }, pino({ level: 'silent' }));
    await ensurePhysicalTopics(kafka, [namespace.physical(TOPICS.platformProbe)], { partitions: 1 });
  });
  afterAll(async () => {
    await relay?.stop();
    await db?.end();
    await database?.drop();
    await deleteTopicNamespace(prefix);
  });

  it('publishes the others, parks the refused one with an alert, and keeps relaying', async () => {
    const events = { before: randomUUID(), tooLarge: randomUUID(), after: randomUUID() };
    for (const [name, eventId] of Object.entries(events)) {
      // The broker's default message.max.bytes is about 1 MB.
      const payload = JSON.stringify({ id: eventId, note: name === 'tooLarge' ? 'x'.repeat(2_000_000) : name });
      await db.$executeRawUnsafe(`INSERT INTO outbox_events (event_id, topic, key, payload) VALUES ($1::uuid, $2, 'k', $3::jsonb)`, eventId, TOPICS.platformProbe, payload);
    }
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        done();
      },
    });
    relay = new OutboxRelay(db, kafka, namespace, pino(sink), { fallbackPollMs: 50, parkAfterRefusals: PARK_AFTER });
    await relay.start();

    const rows = () => queryRows<OutboxRow>(database.url, 'SELECT event_id::text, sent_at IS NOT NULL AS sent, parked_at IS NOT NULL AS parked, refusals FROM outbox_events');
    const settled = await waitUntil(rows, (all) => all.every((row) => row.sent || row.parked), { timeoutMs: 60_000, what: 'every outbox row sent or parked' });
    const byId = Object.fromEntries(settled.map((row) => [row.event_id, row]));
    expect(byId[events.before]).toMatchObject({ sent: true, parked: false });
    expect(byId[events.after]).toMatchObject({ sent: true, parked: false });
    expect(byId[events.tooLarge]).toEqual({ event_id: events.tooLarge, sent: false, parked: true, refusals: PARK_AFTER });

    const alert = logLines.map((line) => JSON.parse(line)).find((entry) => entry.alert === 'outbox_event_parked');
    expect(alert).toMatchObject({ level: 50, eventId: events.tooLarge, topic: TOPICS.platformProbe, refusals: PARK_AFTER });

    // The two ordinary events are on the topic, in order.
    const consumer = kafka.consumer({ groupId: `${prefix}check` });
    const received: string[] = [];
    await consumer.connect();
    await consumer.subscribe({ topic: namespace.physical(TOPICS.platformProbe), fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void received.push(message.headers?.['event-id']?.toString() ?? '') });
    await waitUntil(() => Promise.resolve([...new Set(received)]), (ids) => ids.length >= 2, { timeoutMs: 60_000, what: 'the two published events' });
    await consumer.disconnect();
    expect([...new Set(received)]).toEqual([events.before, events.after]);

    // A new event after the parked one goes out as usual.
    const later = randomUUID();
    await db.$executeRawUnsafe(`INSERT INTO outbox_events (event_id, topic, key, payload) VALUES ($1::uuid, $2, 'k', '{}'::jsonb)`, later, TOPICS.platformProbe);
    await waitUntil(rows, (all) => all.some((row) => row.event_id === later && row.sent), { timeoutMs: 30_000, what: 'a later event to be sent' });
  });
});
