import { TOPICS } from '@llmchain/contracts';
import { IdempotentConsumer, LiveCreditBalance } from '@llmchain/platform';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext } from '@nestjs/microservices';

/**
 * Billing's changes to prepaid tenants' live balances, applied to the Redis balance every serving and training
 * process admits against. The Redis script remembers applied event ids, so a redelivery changes nothing even when
 * the processed-event row was never committed.
 */
@Controller()
export class CreditBalanceConsumer {
  constructor(
    private readonly consumer: IdempotentConsumer,
    private readonly credits: LiveCreditBalance,
  ) {}

  @EventPattern(TOPICS.creditBalanceChanged)
  async onCreditBalanceChanged(@Ctx() context: KafkaContext): Promise<void> {
    await this.consumer.consume(TOPICS.creditBalanceChanged, context, async (event) => {
      await this.credits.apply({ eventId: event.id, ...event.data });
    });
  }
}
