import { AnyEventEnvelope, Topic } from '@llmchain/contracts';
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
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import { WEBHOOK_EVENT_SOURCES, WebhookEventSource } from './webhook-event-sources';
import { webhookEventOf } from './webhook-payload';

/**
 * Turns the events of every topic in WEBHOOK_EVENT_SOURCES into webhook events and their pending deliveries, once
 * each: a consumer group and processed-id ledger of its own (not the ledger's, which consumes some of the same
 * topics), the deliveries written in the same transaction as the ids.
 */
@Injectable()
export class WebhookEventConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
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
    deliveries: WebhookDeliveriesRepository,
  ) {
    this.logger = logger.child({ component: 'webhook-event-consumer' }) as Logger;
    this.deadLetters = new DeadLetterPublisher(kafka, namespace, 'billing-service');
    this.consumer = new BatchIdempotentConsumer(kafka, namespace, db, this.deadLetters, this.logger, {
      groupId: 'billing-service.webhooks',
      consumerName: 'billing-service.webhooks',
      sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT_MS,
      chunkSize: 500,
    });
    for (const [topic, source] of Object.entries(WEBHOOK_EVENT_SOURCES) as [Topic, WebhookEventSource<never>][]) {
      this.consumer.register(topic, (events, tx) => deliveries.recordEvents(tx, events.map((event) => webhookEventOf(source, event as AnyEventEnvelope))));
    }
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
