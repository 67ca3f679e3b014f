import { EventOf, parseEvent, Topic } from '@llmchain/contracts';
import type { Consumer, ConsumerConfig, EachBatchPayload, Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { SqlExecutor, TransactionalDb } from '../database/sql-client';
import { TopicNamespace } from '../kafka/topic-namespace';
import { DeadLetterPublisher } from './dead-letter-publisher';
import { newEventIds } from './batch-processed-ids';

/** Applies the events of one chunk that were never applied before, inside the chunk's transaction. */
export type BatchEffect<T extends Topic> = (events: EventOf<T>[], tx: SqlExecutor) => Promise<void>;

export type BatchConsumerOptions = {
  /** Logical consumer group name; the namespace prefixes it. */
  groupId: string;
  /** The name processed ids are recorded under (the service's name, so both consumers share one ledger). */
  consumerName: string;
  sessionTimeoutMs: number;
  /** KAFKA_FETCH_MAX_WAIT_MS: how long an idle fetch (and so a stop) waits. */
  fetchMaxWaitMs: number;
  /** At most this many messages per transaction. */
  chunkSize?: number;
  /**
   * Partitions whose batches are applied at the same time, each in its own transaction. Effects must then take
   * row locks in a consistent order (sort the keys they upsert) so concurrent chunks cannot deadlock.
   */
  partitionsConsumedConcurrently?: number;
};

/**
 * Exactly-once effects for high-volume topics, a transaction per chunk of a fetched batch instead of one per
 * message: the chunk's event ids go into processed_events with one `INSERT ... ON CONFLICT DO NOTHING RETURNING`,
 * the effect sees only the ids that insert returned (the new ones), and offsets are committed only after the
 * transaction commits. A crash anywhere redelivers the chunk, whose ids are then already recorded (or not at all).
 * Messages that fail validation go to the dead-letter topic.
 */
export class BatchIdempotentConsumer {
  private readonly effects = new Map<Topic, BatchEffect<Topic>>();
  private consumer: Consumer | null = null;
  private stopping = false;

  constructor(
    private readonly kafka: Kafka,
    private readonly namespace: TopicNamespace,
    private readonly db: TransactionalDb,
    private readonly deadLetters: DeadLetterPublisher,
    private readonly logger: Logger,
    private readonly options: BatchConsumerOptions,
  ) {}

  register<T extends Topic>(topic: T, effect: BatchEffect<T>): this {
    this.effects.set(topic, effect as unknown as BatchEffect<Topic>);
    return this;
  }

  async start(): Promise<void> {
    this.stopping = false;
    const config: ConsumerConfig = {
      groupId: this.namespace.physical(this.options.groupId),
      sessionTimeout: this.options.sessionTimeoutMs,
      heartbeatInterval: Math.floor(this.options.sessionTimeoutMs / 5),
      maxWaitTimeInMs: this.options.fetchMaxWaitMs,
      allowAutoTopicCreation: false,
      maxBytesPerPartition: 4 * 1024 * 1024,
    };
    const consumer = this.kafka.consumer(config);
    this.consumer = consumer;
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      // kafkajs restarts by itself after retriable errors; after any other it stops, so start a fresh consumer.
      if (payload.restart || this.stopping) return;
      this.logger.error({ err: payload.error }, 'batch consumer crashed; restarting');
      setTimeout(() => void this.restart(), 1_000).unref();
    });
    await consumer.connect();
    await consumer.subscribe({ topics: [...this.effects.keys()].map((t) => this.namespace.physical(t)), fromBeginning: true });
    await consumer.run({
      eachBatchAutoResolve: false,
      autoCommit: true,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 1,
      eachBatch: (payload) => this.handleBatch(payload),
    });
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.consumer?.disconnect();
    this.consumer = null;
  }

  private async restart(): Promise<void> {
    if (this.stopping) return;
    try {
      await this.consumer?.disconnect().catch(() => undefined);
      await this.start();
    } catch (error) {
      this.logger.error({ err: error }, 'batch consumer restart failed; retrying');
      setTimeout(() => void this.restart(), 5_000).unref();
    }
  }

  private async handleBatch({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale }: EachBatchPayload): Promise<void> {
    const topic = this.namespace.logical(batch.topic) as Topic;
    const effect = this.effects.get(topic);
    if (!effect) throw new Error(`no batch effect registered for ${topic}`);
    const chunkSize = this.options.chunkSize ?? 5_000;
    for (let start = 0; start < batch.messages.length; start += chunkSize) {
      if (!isRunning() || isStale()) return;
      const messages = batch.messages.slice(start, start + chunkSize);
      const events: EventOf<Topic>[] = [];
      for (const message of messages) {
        const parsed = parseEvent(topic, message.value);
        if (parsed.ok) events.push(parsed.event);
        else {
          this.logger.warn({ topic, partition: batch.partition, offset: message.offset, reason: parsed.reason }, 'dead-lettering');
          await this.deadLetters.publish({ topic, partition: batch.partition, offset: message.offset, key: message.key, value: message.value, reason: parsed.reason });
        }
      }
      if (events.length > 0) await this.applyOnce(topic, events, effect);
      resolveOffset(messages[messages.length - 1].offset);
      await commitOffsetsIfNecessary();
      await heartbeat();
    }
  }

  private async applyOnce(topic: Topic, events: EventOf<Topic>[], effect: BatchEffect<Topic>): Promise<void> {
    await this.db.$transaction(
      async (tx) => {
        const fresh = await newEventIds(tx, this.options.consumerName, topic, events.map((e) => e.id));
        if (fresh.size === 0) return;
        // One event per new id: a chunk may hold the same event twice (a producer retry).
        const newEvents = new Map(events.filter((e) => fresh.has(e.id)).map((e) => [e.id, e]));
        await effect([...newEvents.values()], tx);
      },
      { timeout: 120_000, maxWait: 60_000 },
    );
  }
}
