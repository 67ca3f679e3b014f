import { TOPICS } from '@llmchain/contracts';
import { IdempotentConsumer } from '@llmchain/platform';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext } from '@nestjs/microservices';
import { ModelRegistry } from './model-registry.service';
import { ModelsRepository } from './models.repository';

/** model.registered: record the model, then load it (after the commit, so a redelivery finds it recorded). */
@Controller()
export class ModelsConsumer {
  constructor(
    private readonly consumer: IdempotentConsumer,
    private readonly repository: ModelsRepository,
    private readonly registry: ModelRegistry,
  ) {}

  @EventPattern(TOPICS.modelRegistered)
  async onModelRegistered(@Ctx() context: KafkaContext): Promise<void> {
    let modelId: string | undefined;
    await this.consumer.consume(TOPICS.modelRegistered, context, async (event, tx) => {
      await this.repository.register(tx, event.data);
      modelId = event.data.modelId;
    });
    if (!modelId) return;
    const record = await this.repository.find(modelId);
    if (record) void this.registry.load(record);
  }
}
