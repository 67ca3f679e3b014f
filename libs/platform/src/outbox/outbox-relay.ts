import { Kafka, Producer } from 'kafkajs';
import { connectIdempotentProducer } from '../kafka/idempotent-producer';
import type { Logger } from 'pino';
import { setTimeout as sleep } from 'node:timers/promises';
import { TransactionalDb } from '../database/sql-client';
import { TopicNamespace } from '../kafka/topic-namespace';

type PendingRow = { id: bigint; event_id: string; topic: string; key: string | null; payload: string };

export type OutboxRelayOptions = { pollMs: number; batchSize?: number; retentionHours?: number };

/**
 * Publishes committed outbox rows to Kafka with the idempotent producer, then marks them sent. Rows are claimed
 * with FOR UPDATE SKIP LOCKED, so several instances of a service can relay side by side. A crash between publish
 * and mark re-publishes the rows; consumers deduplicate by event id, which makes the effect exactly-once.
 */
export class OutboxRelay {
  private producer: Producer | null = null;
  private loop: Promise<void> | null = null;
  private stopping = false;
  private lastPurge = 0;

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
    await this.loop;
    await this.producer?.disconnect();
    this.producer = null;
  }

  /** Publishes one batch of pending rows; returns how many were sent. */
  private async relayOnce(): Promise<number> {
    const producer = this.producer;
    if (!producer) throw new Error('outbox relay is not started');
    return this.db.$transaction(
      async (tx) => {
        const rows = await tx.$queryRawUnsafe<PendingRow[]>(
          `SELECT id, event_id::text AS event_id, topic, key, payload::text AS payload FROM outbox_events
           WHERE sent_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
          this.options.batchSize ?? 500,
        );
        if (rows.length === 0) return 0;
        await producer.sendBatch({ acks: -1, topicMessages: groupByTopic(rows, this.namespace) });
        await tx.$executeRawUnsafe(
          `UPDATE outbox_events SET sent_at = now() WHERE id = ANY($1::bigint[])`,
          rows.map((r) => r.id.toString()),
        );
        return rows.length;
      },
      { timeout: 60_000, maxWait: 10_000 },
    );
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopping) {
      try {
        const sent = await this.relayOnce();
        failures = 0;
        await this.purgeSentRows();
        if (sent === 0) await sleep(this.options.pollMs);
      } catch (error) {
        failures += 1;
        this.logger.warn({ err: error, failures }, 'outbox relay could not publish; will retry');
        await sleep(Math.min(5_000, 100 * 2 ** failures));
      }
    }
  }

  /** Sent rows are kept for a while for inspection, then dropped so the table does not grow without bound. */
  private async purgeSentRows(): Promise<void> {
    if (Date.now() - this.lastPurge < 60_000) return;
    this.lastPurge = Date.now();
    const hours = this.options.retentionHours ?? 24 * 7;
    await this.db.$executeRawUnsafe(
      `DELETE FROM outbox_events WHERE sent_at < now() - make_interval(hours => $1::int)`,
      hours,
    );
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
