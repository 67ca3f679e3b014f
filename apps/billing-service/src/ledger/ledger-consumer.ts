import { TOPICS } from '@llmchain/contracts';
import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { BatchConsumers, ManagedBatchConsumer } from '../common/batch-consumers';
import { meteredTraining, meteredUsage } from '../common/metered-event';
import { LedgerIngestionService } from './ledger-ingestion.service';

/**
 * The ledger's own Kafka consumer, beside Nest's per-message one: usage arrives at thousands of events a second,
 * so it is consumed a batch (one transaction per chunk) at a time in a consumer group of its own.
 */
@Injectable()
export class LedgerConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly managed: ManagedBatchConsumer;

  constructor(consumers: BatchConsumers, ingestion: LedgerIngestionService) {
    this.managed = consumers.create('ledger-consumer', {
      groupId: 'billing-service.ledger',
      consumerName: 'billing-service',
      // Ledger and quota rows are upserted in key order, so chunks of several partitions can commit side by side.
      partitionsConsumedConcurrently: 3,
    });
    this.managed.consumer
      .register(TOPICS.usageRecorded, (events, tx) => ingestion.record(tx, events.map(meteredUsage)))
      .register(TOPICS.trainingJobCompleted, (events, tx) => ingestion.record(tx, events.map(meteredTraining)));
  }

  onApplicationBootstrap(): Promise<void> {
    return this.managed.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.managed.stop();
  }
}
