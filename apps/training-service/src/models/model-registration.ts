import { ModelRegisteredV3, TOPICS } from '@llmchain/contracts';
import { DecoderModelConfig } from '@llmchain/model-runtime';
import { NewEvent, OutboxWriter } from '@llmchain/platform';
import { Model, Prisma } from '../generated/prisma/client';
import { registeredShape } from './registered-shape';

/**
 * model.registered v3 for a model row, whatever made it (a training job, an import, a LoRA job, a merge): everything
 * serving needs is on the row, so the event cannot disagree with what the API shows. An adapter's row carries its
 * base's architecture and config, which is the shape serving lays its cache out by.
 */
export function modelRegisteredEvent(model: Model): NewEvent<typeof TOPICS.modelRegistered> {
  const shape = registeredShape({ architecture: model.architecture, config: model.config } as unknown as DecoderModelConfig);
  const settings = model.adapter as { rank: number; alpha: number; targetModules: string[] } | null;
  const data: ModelRegisteredV3['data'] = {
    tenantId: model.tenantId,
    modelId: model.id,
    name: model.name,
    trainingJobId: model.jobId,
    datasetVersionId: model.datasetVersionId,
    kind: model.kind,
    architecture: model.architecture,
    visibility: model.visibility,
    baseModelId: model.baseModelId,
    adapter: settings && { rank: settings.rank, alpha: settings.alpha, targetModules: settings.targetModules },
    artifactBlobKey: model.artifactBlobKey,
    artifactSha256: model.artifactSha256,
    tokenizerBlobKey: model.tokenizerBlobKey,
    contextLength: shape.contextLength,
    files: model.files as unknown as ModelRegisteredV3['data']['files'],
    config: shape,
  };
  return { topic: TOPICS.modelRegistered, key: model.tenantId, data };
}

/** Creates the model row and announces it with model.registered, in the caller's transaction. Returns the model's id. */
export async function createRegisteredModel(tx: Prisma.TransactionClient, outbox: OutboxWriter, data: Prisma.ModelUncheckedCreateInput): Promise<string> {
  const model = await tx.model.create({ data });
  await outbox.write(tx, [modelRegisteredEvent(model)]);
  return model.id;
}
