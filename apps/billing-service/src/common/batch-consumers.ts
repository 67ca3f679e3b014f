import {
  BatchConsumerOptions,
  BatchIdempotentConsumer,
  DATABASE,
  DeadLetterPublisher,
  KAFKA,
  PLATFORM_CONFIG,
  PlatformConfig,
  ROOT_LOGGER,
  TopicNamespace,
  TransactionalDb,
} from '@llmchain/platform';
import { Inject, Injectable } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import type { Logger } from 'pino';

/** A batch consumer with its own group and dead-letter producer, started in the background once its topics exist. */
export class ManagedBatchConsumer {
  private starting: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    readonly consumer: BatchIdempotentConsumer,
    private readonly deadLetters: DeadLetterPublisher,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    await this.deadLetters.connect();
    this.starting = this.startOnceTopicsExist();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.starting;
    await this.consumer.stop();
    await this.deadLetters.disconnect();
  }

  /** The platform creates the topics in its own bootstrap hook, which may run after this one: retry each second. */
  private async startOnceTopicsExist(): Promise<void> {
    while (!this.stopped) {
      try {
        await this.consumer.start();
        return;
      } catch (error) {
        this.logger.warn({ err: error }, 'consumer could not start yet; retrying');
        await this.consumer.stop().catch(() => undefined);
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
    }
  }
}

/**
 * Makes billing's own batch consumers (beside Nest's per-message one), for topics consumed in bulk or by a feature
 * that keeps its own processed-id ledger: each feature registers its effects and starts and stops it with the app.
 */
@Injectable()
export class BatchConsumers {
  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    private readonly namespace: TopicNamespace,
    @Inject(DATABASE) private readonly db: TransactionalDb,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
  ) {}

  create(component: string, options: Omit<BatchConsumerOptions, 'sessionTimeoutMs' | 'fetchMaxWaitMs'>): ManagedBatchConsumer {
    const logger = this.logger.child({ component }) as Logger;
    const deadLetters = new DeadLetterPublisher(this.kafka, this.namespace, 'billing-service');
    const consumer = new BatchIdempotentConsumer(this.kafka, this.namespace, this.db, deadLetters, logger, {
      ...options,
      sessionTimeoutMs: this.config.KAFKA_SESSION_TIMEOUT_MS,
      fetchMaxWaitMs: this.config.KAFKA_FETCH_MAX_WAIT_MS,
    });
    return new ManagedBatchConsumer(consumer, deadLetters, logger);
  }
}
