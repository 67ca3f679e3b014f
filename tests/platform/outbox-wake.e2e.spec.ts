import { TOPICS } from '@llmchain/contracts';
import { ensurePhysicalTopics, OUTBOX_CHANNEL, OutboxRelay, OutboxWriter, PgNotifications, PgSqlClient, TopicNamespace } from '@llmchain/platform';
import { createEmptyDatabase, deleteTopicNamespace, queryRows, REPO_ROOT, testKafka, TestDatabase, uniqueTopicPrefix, waitUntil } from '@llmchain/testing';
import { execFileSync } from 'node:child_process';
import type { Consumer } from 'kafkajs';
import pino from 'pino';

/** Far past every wait below: an event published within them was woken for, not found by the fallback poll. */
const FALLBACK_POLL_MS = 600_000;
/** Commits within this long of the first one a woken relay heard go out in its one batch. */
const GATHER_MS = 1_500;

/**
 * A relay woken by LISTEN/NOTIFY on a real migrated outbox (the trigger of migration outbox_notify), publishing to the
 * real Kafka, with the fallback poll pushed out of reach: a commit wakes it, and the commits of its gather time go out
 * together; a commit made while nobody listened is published once the connection listens again; a LISTEN connection
 * Postgres ends is reopened and heard again.
 */
describe('a commit to the outbox wakes its relay', () => {
  const prefix = uniqueTopicPrefix();
  const namespace = new TopicNamespace(prefix);
  const kafka = testKafka('outbox-wake');
  const writer = new OutboxWriter('data-service');
  const received: string[] = [];
  const losses: number[] = [];
  let database: TestDatabase;
  let db: PgSqlClient;
  let notifications: PgNotifications;
  let relay: OutboxRelay;
  let consumer: Consumer;

  const publish = async (note: string) => {
    const [event] = await db.$transaction((tx) => writer.write(tx, [{ topic: TOPICS.platformProbe, data: { from: 'data-service', to: 'data-service', sequence: 1, note } }]));
    return event.id;
  };
  const arrived = (eventId: string) =>
    waitUntil(() => Promise.resolve(received.includes(eventId)), Boolean, { timeoutMs: 30_000, what: `event ${eventId} on the topic` });

  beforeAll(async () => {
    database = await createEmptyDatabase('llmchain_outbox_wake');
    execFileSync('bash', ['tools/prisma.sh', 'data-service', 'migrate', 'deploy'], { cwd: REPO_ROOT, env: { ...process.env, DATABASE_URL: database.url }, stdio: 'pipe' });
    await ensurePhysicalTopics(kafka, [namespace.physical(TOPICS.platformProbe)], { partitions: 1 });
    consumer = kafka.consumer({ groupId: `${prefix}check` });
    await consumer.connect();
    await consumer.subscribe({ topic: namespace.physical(TOPICS.platformProbe), fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void received.push(message.headers?.['event-id']?.toString() ?? '') });

    const logger = pino({ level: 'silent' });
    db = new PgSqlClient({ connectionString: database.url, max: 2 }, logger);
    notifications = new PgNotifications(database.url, logger, { connectTimeoutMs: 5_000 });
    relay = new OutboxRelay(db, kafka, namespace, logger, { fallbackPollMs: FALLBACK_POLL_MS, gatherMs: GATHER_MS });
    notifications.subscribe(OUTBOX_CHANNEL, { onNotify: () => relay.wake(), onListening: () => relay.wake(), onLost: () => losses.push(Date.now()) });
    await relay.start();
    await notifications.start();
  });
  afterAll(async () => {
    await consumer?.disconnect();
    await relay?.stop();
    await notifications?.stop();
    await db?.end();
    await database?.drop();
    await deleteTopicNamespace(prefix);
  });

  it('publishes a committed event without waiting for the fallback poll', async () => {
    expect(notifications.listening).toBe(true);
    await arrived(await publish('woken'));
  });

  it('publishes the commits of its gather time in one batch', async () => {
    // 100 ms apart: a relay that published at the first commit's notification would have sent it before the next.
    const ids: string[] = [];
    for (const note of ['first', 'second', 'third']) {
      ids.push(await publish(note));
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    for (const id of ids) await arrived(id);
    const batches = await queryRows<{ sent_at: Date }>(database.url, 'SELECT DISTINCT sent_at FROM outbox_events WHERE event_id = ANY($1::uuid[])', [ids]);
    expect(batches).toHaveLength(1);
  });

  it('publishes what was committed while nobody listened once the connection listens again', async () => {
    await notifications.stop();
    const missed = await publish('committed while not listening');
    const [{ unsent }] = await queryRows<{ unsent: number }>(database.url, 'SELECT count(*)::int AS unsent FROM outbox_events WHERE sent_at IS NULL');
    expect(unsent).toBe(1);
    await notifications.start();
    await arrived(missed);
  });

  it('reopens a LISTEN connection Postgres ended and hears commits again', async () => {
    const [{ terminated }] = await queryRows<{ terminated: number }>(
      database.url,
      `SELECT count(pg_terminate_backend(pid))::int AS terminated FROM pg_stat_activity
        WHERE datname = current_database() AND query = 'LISTEN ${OUTBOX_CHANNEL}'`,
    );
    expect(terminated).toBe(1);
    await waitUntil(() => Promise.resolve(losses.length), (count) => count === 1, { timeoutMs: 10_000, what: 'the loss heard' });
    await waitUntil(() => Promise.resolve(notifications.listening), Boolean, { timeoutMs: 10_000, what: 'listening again' });
    await arrived(await publish('after the reconnect'));
  });
});
