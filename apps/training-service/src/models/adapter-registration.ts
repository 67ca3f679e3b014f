import { TOPICS } from '@llmchain/contracts';
import { DecoderModelConfig } from '@llmchain/model-runtime';
import { OutboxWriter } from '@llmchain/platform';
import { Model, Prisma, TrainingJob } from '../generated/prisma/client';
import { TrainedAdapter } from '../runner';
import { modelName } from './model-name';
import { registeredShape } from './registered-shape';

/**
 * Records a LoRA job's adapter (kind adapter, its base, its settings; the base's config and tokenizer) and announces it
 * with model.registered v3, in the caller's transaction: serving loads its PEFT files on top of the base's resident
 * copy. Returns the model's id.
 */
export async function registerAdapter(
  tx: Prisma.TransactionClient,
  outbox: OutboxWriter,
  job: Pick<TrainingJob, 'id' | 'kind' | 'suffix' | 'tenantId' | 'datasetVersionId'>,
  base: Model,
  adapter: TrainedAdapter,
): Promise<string> {
  const name = modelName(job, base.name);
  const baseModel = { architecture: base.architecture, config: base.config } as unknown as DecoderModelConfig;
  const model = await tx.model.create({
    data: {
      tenantId: job.tenantId,
      name,
      jobId: job.id,
      kind: 'adapter',
      architecture: base.architecture,
      visibility: 'tenant',
      datasetVersionId: job.datasetVersionId,
      baseModelId: base.id,
      tokenizerId: base.tokenizerId,
      adapter: adapter.settings as object,
      artifactBlobKey: adapter.artifactBlobKey,
      artifactSha256: adapter.artifactSha256,
      weightsBlobKey: adapter.weightsBlobKey,
      tokenizerBlobKey: base.tokenizerBlobKey,
      config: base.config as object,
      metrics: adapter.metrics,
      files: adapter.files as unknown as Prisma.InputJsonValue,
    },
  });
  const { rank, alpha, targetModules } = adapter.settings;
  const shape = registeredShape(baseModel);
  await outbox.write(tx, [
    {
      topic: TOPICS.modelRegistered,
      key: job.tenantId,
      data: {
        tenantId: job.tenantId,
        modelId: model.id,
        name,
        trainingJobId: job.id,
        datasetVersionId: job.datasetVersionId,
        kind: 'adapter',
        architecture: base.architecture,
        visibility: 'tenant',
        baseModelId: base.id,
        adapter: { rank, alpha, targetModules },
        artifactBlobKey: adapter.artifactBlobKey,
        artifactSha256: adapter.artifactSha256,
        tokenizerBlobKey: base.tokenizerBlobKey,
        contextLength: shape.contextLength,
        files: adapter.files,
        config: shape,
      },
    },
  ]);
  return model.id;
}
