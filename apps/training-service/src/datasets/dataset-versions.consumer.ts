import { TOPICS } from '@llmchain/contracts';
import { IdempotentConsumer } from '@llmchain/platform';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext } from '@nestjs/microservices';
import { Prisma } from '../generated/prisma/client';
import { DatasetVersionsRepository } from './dataset-versions.repository';

/** dataset.version.ready: the version becomes trainable for its tenant. */
@Controller()
export class DatasetVersionsConsumer {
  constructor(
    private readonly consumer: IdempotentConsumer,
    private readonly versions: DatasetVersionsRepository,
  ) {}

  @EventPattern(TOPICS.datasetVersionReady)
  async onDatasetVersionReady(@Ctx() context: KafkaContext): Promise<void> {
    await this.consumer.consume(TOPICS.datasetVersionReady, context, (event, tx) =>
      this.versions.record(tx as Prisma.TransactionClient, event.data),
    );
  }
}
