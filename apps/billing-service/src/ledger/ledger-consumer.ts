import { TOPICS } from '@llmchain/contracts';
import {
  BatchIdempotentConsumer,
  DATABASE,
  DeadLetterPublisher,
  KAFKA,
  PLATFORM_CONFIG,
  PlatformConfig,
  ROOT_LOGGER,
  startWhenTopicsExist,
  TopicNamespace,
  TransactionalDb,
} from '@llmchain/platform';
import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { meteredTraining, meteredUsage } from './metered-event';
import { LedgerIngestionService } from './ledger-ingestion.service';

/**
 * The ledger's own Kafka consumer, beside Nest's per-message one: usage arrives at thousands of events a second,
 * so it is consumed a batch (one transaction per chunk) at a time in a consumer group of its own.
 */
@Injectable()
export class LedgerConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly deadLetters: DeadLetterPublisher;
  private readonly consumer: BatchIdempotentConsumer;
  private readonly logger: Logger;
  private starting: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    @Inject(KAFKA) kafka: Kafka,
    namespace: TopicNamespace,
    @Inject(DATABASE) db: TransactionalDb,
    @Inject(PLATFORM_CONFIG) config: PlatformConfig,
    @Inject(ROOT_LOGGER) logger: Logger,
    ingestion: LedgerIngestionService,
  ) {
    this.logger = logger.child({ component: 'ledger-consumer' }) as Logger;
    this.deadLetters = new DeadLetterPublisher(kafka, namespace, 'billing-service');
    this.consumer = new BatchIdempotentConsumer(kafka, namespace, db, this.deadLetters, this.logger, {
      groupId: 'billing-service.ledger',
      consumerName: 'billing-service',
      sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT_MS,
      // Ledger and quota rows are upserted in key order, so chunks of several partitions can commit side by side.
      partitionsConsumedConcurrently: 3,
    })
      .register(TOPICS.usageRecorded, (events, tx) => ingestion.record(tx, events.map(meteredUsage)))
      .register(TOPICS.trainingJobCompleted, (events, tx) => ingestion.record(tx, events.map(meteredTraining)));
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.deadLetters.connect();
    this.starting = startWhenTopicsExist(this.consumer, () => this.stopped, this.logger);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.starting;
    await this.consumer.stop();
    await this.deadLetters.disconnect();
  }
}
