import { TOPICS } from '@llmchain/contracts';
import { IdempotentConsumer } from '@llmchain/platform';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext } from '@nestjs/microservices';
import { LiveBudgets } from './live-budgets';

/** Billing's hard budgets and the spending serving cannot see, applied to Redis (once per event id there too). */
@Controller()
export class BudgetConsumer {
  constructor(
    private readonly consumer: IdempotentConsumer,
    private readonly budgets: LiveBudgets,
  ) {}

  @EventPattern(TOPICS.budgetUpdated)
  async onBudgetUpdated(@Ctx() context: KafkaContext): Promise<void> {
    await this.consumer.consume(TOPICS.budgetUpdated, context, (event) => this.budgets.apply(event.id, event.data));
  }
}
