import { Kafka, Producer } from 'kafkajs';
import { connectIdempotentProducer } from '../kafka/idempotent-producer';
import type { Logger } from 'pino';
import { SqlExecutor, TransactionalDb } from '../database/sql-client';
import { TopicNamespace } from '../kafka/topic-namespace';
import { ReplicaLease } from '../lease/replica-lease';

type PendingRow = { id: string; event_id: string; topic: string; key: string | null; payload: string };

/** The channel a trigger on outbox_events notifies in every transaction that inserts rows (migration outbox_notify). */
export const OUTBOX_CHANNEL = 'outbox_events_inserted';

/**
 * DI token of the relay's own pg connection (a PgSqlClient): a batch is a handful of statements, which through the
 * Prisma client would cost a service's only thread about 1 ms of CPU each.
 */
export const OUTBOX_RELAY_SQL = Symbol('OUTBOX_RELAY_SQL');

export type OutboxRelayOptions = {
  /**
   * How often an idle relay checks for pending rows it was not told of (a notification lost with the LISTEN
   * connection, a batch another relay left when it died). A commit normally wakes the relay through wake().
   */
  fallbackPollMs: number;
  /**
   * How long a woken relay waits before it publishes, so the commits of that time go out in one batch. Its work (a
   * transaction, a Kafka produce, and what they cost Postgres and the broker) then runs apart from the request that
   * committed, not in the moment its client's next request arrives. 0: at once.
   */
  gatherMs?: number;
  batchSize?: number;
  retentionHours?: number;
  /** Refusals after which an event is parked (left unsent, out of the relay's way) and an alert is logged. */
  parkAfterRefusals?: number;
  /** Purges sent rows in one replica per minute; without it, this process purges on its own clock. */
  purgeLease?: ReplicaLease;
};

/**
 * The transaction-scoped advisory lock one relay of a database holds while it publishes a batch. Advisory locks are
 * per database, and each service has its own, so one constant suffices.
 */
const RELAY_LOCK_KEY = 0x6f7574626f78; // "outbox"


/**
 * Kafka refused the message itself (too large, a corrupt record): a KafkaJSProtocolError the broker marks as not
 * retriable. Connection losses and leader moves are retriable (or wrap a retriable cause), so an outage of Kafka
 * never counts against an event.
 */
const refusedByKafka = (error: unknown) => (error as { name?: unknown }).name === 'KafkaJSProtocolError' && (error as { retriable?: unknown }).retriable === false;

const PARK_AFTER_REFUSALS = 5;
const PURGE_EVERY_MS = 60_000;

/**
 * Publishes committed outbox rows to Kafka with the idempotent producer, then marks them sent. Several instances of a
 * service relay side by side, one batch at a time: a relay publishes only while it holds the database's relay lock,
 * so rows go out in id order and each key keeps its order. (FOR UPDATE SKIP LOCKED alone would let a second relay
 * publish rows 501-1000 while the first still sends 1-500, putting a key's later event before its earlier one.)
 * A relay that dies mid-batch frees the lock with its connection. A crash between publish and mark re-publishes
 * the rows; consumers deduplicate by event id, which makes the effect exactly-once.
 *
 * An idle relay costs nothing per commit elsewhere: it sleeps until wake() (a committed insert notifies
 * OUTBOX_CHANNEL) and, every fallbackPollMs, asks with one plain query whether rows wait that nobody told it of.
 */
export class OutboxRelay {
  private producer: Producer | null = null;
  private loop: Promise<void> | null = null;
  private stopping = false;
  private lastPurge = 0;
  /** Set by wake(), cleared as a batch begins: any number of commits during a batch cost one more batch. */
  private wakeRequested = false;
  private endPause: (() => void) | null = null;
  /** The timer that ends a wakeable pause gatherMs after the first wake() in it. */
  private gathering: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: TransactionalDb,
    private readonly kafka: Kafka,
    private readonly namespace: TopicNamespace,
    private readonly logger: Logger,
    private readonly options: OutboxRelayOptions,
  ) {}

  async start(): Promise<void> {
    this.producer = await connectIdempotentProducer(this.kafka);
    this.stopping = false;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.endPause?.();
    await this.loop;
    await this.producer?.disconnect();
    this.producer = null;
  }

  /** Something was committed to the outbox (or may have been while nobody listened): publish within gatherMs. */
  wake(): void {
    this.wakeRequested = true;
    const gatherMs = this.options.gatherMs ?? 0;
    if (gatherMs === 0) return this.endPause?.();
    // Only a pause is shortened: a wake during a batch is answered by the next batch at once (wakeRequested), and a
    // timer started then would cut a later, unrelated pause short.
    if (this.endPause) this.gathering ??= setTimeout(() => this.endPause?.(), gatherMs);
  }

  /**
   * Publishes one batch of pending rows; returns whether the batch was full (more rows may be waiting). A batch that
   * was not full took every row committed before it began: a commit after that notifies again (wake()), so looking
   * once more would only cost an empty transaction (five statements on this service's thread) after every batch.
   */
  private async relayOnce(): Promise<boolean> {
    const producer = this.producer;
    if (!producer) throw new Error('outbox relay is not started');
    const batchSize = this.options.batchSize ?? 500;
    return this.db.$transaction(
      async (tx) => {
        const [{ locked }] = await tx.$queryRawUnsafe<{ locked: boolean }[]>(`SELECT pg_try_advisory_xact_lock($1::bigint) AS locked`, RELAY_LOCK_KEY);
        if (!locked) return false;
        const rows = await tx.$queryRawUnsafe<PendingRow[]>(
          `SELECT id::text AS id, event_id::text AS event_id, topic, key, payload::text AS payload FROM outbox_events
           WHERE sent_at IS NULL AND parked_at IS NULL ORDER BY outbox_events.id LIMIT $1 FOR UPDATE SKIP LOCKED`,
          batchSize,
        );
        if (rows.length === 0) return false;
        let sent = rows;
        try {
          await producer.sendBatch({ acks: -1, topicMessages: groupByTopic(rows, this.namespace) });
        } catch (error) {
          if (!refusedByKafka(error)) throw error;
          sent = await this.sendOneByOne(producer, tx, rows);
        }
        await tx.$executeRawUnsafe(
          `UPDATE outbox_events SET sent_at = now() WHERE id = ANY($1::bigint[])`,
          sent.map((r) => r.id),
        );
        return rows.length === batchSize;
      },
    );
  }

  /**
   * Kafka refused something in the batch: each row goes alone, so the ones it refuses are found and counted
   * while every other row is published. Returns the rows sent.
   */
  private async sendOneByOne(producer: Producer, tx: SqlExecutor, rows: PendingRow[]): Promise<PendingRow[]> {
    const sent: PendingRow[] = [];
    for (const row of rows) {
      try {
        await producer.sendBatch({ acks: -1, topicMessages: groupByTopic([row], this.namespace) });
        sent.push(row);
      } catch (error) {
        if (!refusedByKafka(error)) throw error;
        await this.recordRefusal(tx, row, error as Error);
      }
    }
    return sent;
  }

  private async recordRefusal(tx: SqlExecutor, row: PendingRow, error: Error): Promise<void> {
    const parkAfter = this.options.parkAfterRefusals ?? PARK_AFTER_REFUSALS;
    const [{ refusals, parked }] = await tx.$queryRawUnsafe<{ refusals: number; parked: boolean }[]>(
      `UPDATE outbox_events SET refusals = refusals + 1, last_error = $2,
         parked_at = CASE WHEN refusals + 1 >= $3 THEN now() END
       WHERE id = $1::bigint RETURNING refusals, parked_at IS NOT NULL AS parked`,
      row.id,
      error.message.slice(0, 1000),
      parkAfter,
    );
    const event = { eventId: row.event_id, topic: row.topic, refusals, err: error };
    if (!parked) return this.logger.warn(event, 'Kafka refused an outbox event; the others were published');
    // The alert: an event that will never be published until someone looks (parked_at IS NOT NULL finds them all).
    this.logger.error({ ...event, alert: 'outbox_event_parked' }, `outbox event parked after ${refusals} refusals by Kafka`);
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopping) {
      try {
        this.wakeRequested = false;
        const full = await this.relayOnce();
        failures = 0;
        await this.purgeSentRows();
        if (!full) await this.waitForWork();
      } catch (error) {
        failures += 1;
        this.logger.warn({ err: error, failures }, 'outbox relay could not publish; will retry');
        // A commit does not cut this short: while Kafka or the database is away, retries keep their pace.
        await this.pause(Math.min(5_000, 100 * 2 ** failures), false);
      }
    }
  }

  /**
   * Returns when woken, or when a fallback poll finds pending rows. The poll is one cheap query outside any
   * transaction; the batch's transaction and lock are taken only when there is something to send.
   */
  private async waitForWork(): Promise<void> {
    while (!this.stopping && !this.wakeRequested) {
      await this.pause(this.options.fallbackPollMs, true);
      if (this.stopping || this.wakeRequested) return;
      if (await this.hasPendingRows()) return;
      await this.purgeSentRows();
    }
  }

  private async hasPendingRows(): Promise<boolean> {
    const [{ pending }] = await this.db.$queryRawUnsafe<{ pending: boolean }[]>(
      `SELECT EXISTS (SELECT 1 FROM outbox_events WHERE sent_at IS NULL AND parked_at IS NULL) AS pending`,
    );
    return pending;
  }

  /** Sleeps for ms, or until stop() (or wake(), when wakeable). */
  private pause(ms: number, wakeable: boolean): Promise<void> {
    if (this.stopping || (wakeable && this.wakeRequested)) return Promise.resolve();
    return new Promise((resolve) => {
      const end = () => {
        clearTimeout(timer);
        clearTimeout(this.gathering);
        this.gathering = undefined;
        this.endPause = null;
        resolve();
      };
      const timer = setTimeout(end, ms);
      this.endPause = wakeable ? end : () => this.stopping && end();
    });
  }

  /** Sent rows are kept for a while for inspection, then dropped so the table does not grow without bound. */
  private async purgeSentRows(): Promise<void> {
    if (Date.now() - this.lastPurge < PURGE_EVERY_MS) return;
    this.lastPurge = Date.now();
    const hours = this.options.retentionHours ?? 24 * 7;
    const purge = async () => {
      await this.db.$executeRawUnsafe(`DELETE FROM outbox_events WHERE sent_at < now() - make_interval(hours => $1::int)`, hours);
    };
    if (this.options.purgeLease) await this.options.purgeLease.runIfDue('outbox-purge', PURGE_EVERY_MS, purge);
    else await purge();
  }
}

function groupByTopic(rows: PendingRow[], namespace: TopicNamespace) {
  const byTopic = new Map<string, { key: string | null; value: string; headers: Record<string, string> }[]>();
  for (const row of rows) {
    const messages = byTopic.get(row.topic) ?? [];
    messages.push({ key: row.key, value: row.payload, headers: { 'event-id': row.event_id } });
    byTopic.set(row.topic, messages);
  }
  return [...byTopic].map(([topic, messages]) => ({ topic: namespace.physical(topic), messages }));
}
