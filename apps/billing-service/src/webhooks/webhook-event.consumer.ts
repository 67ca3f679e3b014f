import { AnyEventEnvelope, Topic } from '@llmchain/contracts';
import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { BatchConsumers, ManagedBatchConsumer } from '../common/batch-consumers';
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
  private readonly managed: ManagedBatchConsumer;

  constructor(consumers: BatchConsumers, deliveries: WebhookDeliveriesRepository) {
    this.managed = consumers.create('webhook-event-consumer', { groupId: 'billing-service.webhooks', consumerName: 'billing-service.webhooks', chunkSize: 500 });
    for (const [topic, source] of Object.entries(WEBHOOK_EVENT_SOURCES) as [Topic, WebhookEventSource<never>][]) {
      this.managed.consumer.register(topic, (events, tx) => deliveries.recordEvents(tx, events.map((event) => webhookEventOf(source, event as AnyEventEnvelope))));
    }
  }

  onApplicationBootstrap(): Promise<void> {
    return this.managed.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.managed.stop();
  }
}
