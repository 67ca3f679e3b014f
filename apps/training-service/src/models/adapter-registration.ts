import { OutboxWriter } from '@llmchain/platform';
import { Model, Prisma, TrainingJob } from '../generated/prisma/client';
import { TrainedAdapter } from '../runner';
import { createRegisteredModel } from './model-registration';
import { modelName } from './model-name';

/**
 * Records a LoRA job's adapter (kind adapter, its base, its settings; the base's config and tokenizer) and announces it
 * with model.registered v3, in the caller's transaction: serving loads its PEFT files on top of the base's resident
 * copy. Returns the model's id.
 */
export function registerAdapter(
  tx: Prisma.TransactionClient,
  outbox: OutboxWriter,
  job: Pick<TrainingJob, 'id' | 'kind' | 'suffix' | 'tenantId' | 'datasetVersionId'>,
  base: Model,
  adapter: TrainedAdapter,
): Promise<string> {
  return createRegisteredModel(tx, outbox, {
    tenantId: job.tenantId,
    name: modelName(job, base.name),
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
  });
}
