import { TOPICS } from '@llmchain/contracts';
import { IdempotentConsumer } from '@llmchain/platform';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext } from '@nestjs/microservices';
import { ServedAliasesRepository } from './served-aliases.repository';

/** model.alias.changed: recorded in serving's table, which every serving process reads through AliasResolver. */
@Controller()
export class ModelAliasConsumer {
  constructor(
    private readonly consumer: IdempotentConsumer,
    private readonly aliases: ServedAliasesRepository,
  ) {}

  @EventPattern(TOPICS.modelAliasChanged)
  async onModelAliasChanged(@Ctx() context: KafkaContext): Promise<void> {
    await this.consumer.consume(TOPICS.modelAliasChanged, context, (event, tx) => this.aliases.record(tx, event.data));
  }
}
