import { TOPICS } from '@llmchain/contracts';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext } from '@nestjs/microservices';
import { IdempotentConsumer } from '../consumer/idempotent-consumer';
import { ApiKeyReplicaRepository } from './api-key-replica.repository';

/**
 * Keeps the key and tenant-status replicas in step with billing: each event applied once, in the same transaction as
 * its id.
 */
@Controller()
export class ApiKeyReplicaConsumer {
  constructor(
    private readonly consumer: IdempotentConsumer,
    private readonly replicas: ApiKeyReplicaRepository,
  ) {}

  @EventPattern(TOPICS.apiKeyCreated)
  async onCreated(@Ctx() context: KafkaContext): Promise<void> {
    await this.consumer.consume(TOPICS.apiKeyCreated, context, (event, tx) => this.replicas.created(tx, event.data));
  }

  @EventPattern(TOPICS.apiKeyRevoked)
  async onRevoked(@Ctx() context: KafkaContext): Promise<void> {
    await this.consumer.consume(TOPICS.apiKeyRevoked, context, (event, tx) => this.replicas.revoked(tx, event.data));
  }

  @EventPattern(TOPICS.tenantStatusChanged)
  async onTenantStatusChanged(@Ctx() context: KafkaContext): Promise<void> {
    await this.consumer.consume(TOPICS.tenantStatusChanged, context, (event, tx) => this.replicas.tenantStatusChanged(tx, event.data));
  }
}
