import { TOPICS } from '@llmchain/contracts';
import { IdempotentConsumer } from '@llmchain/platform';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext } from '@nestjs/microservices';
import { TenantQuotaRepository } from './tenant-quota.repository';

@Controller()
export class QuotaConsumer {
  constructor(
    private readonly consumer: IdempotentConsumer,
    private readonly quotas: TenantQuotaRepository,
  ) {}

  @EventPattern(TOPICS.quotaUpdated)
  async onQuotaUpdated(@Ctx() context: KafkaContext): Promise<void> {
    await this.consumer.consume(TOPICS.quotaUpdated, context, (event, tx) => this.quotas.update(tx, event.data));
  }
}
