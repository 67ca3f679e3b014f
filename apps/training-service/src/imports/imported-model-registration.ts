import { TOPICS } from '@llmchain/contracts';
import { ImportedModel } from '@llmchain/model-runtime';
import { OutboxWriter } from '@llmchain/platform';
import { Prisma, TrainingJob } from '../generated/prisma/client';
import { registeredShape } from '../models/registered-shape';
import { ExportedModel } from '../runner/model-artifact';
import { ModelImportSettings } from './model-import-settings';

/**
 * Records an imported base (kind imported, its lineage: the source's name and each source file's SHA-256) and
 * announces it to serving with model.registered, in the caller's transaction. Returns the model's id.
 */
export async function registerImportedModel(
  tx: Prisma.TransactionClient,
  outbox: OutboxWriter,
  job: TrainingJob,
  settings: ModelImportSettings,
  exported: ExportedModel,
  imported: ImportedModel,
): Promise<string> {
  const model = await tx.model.create({
    data: {
      tenantId: job.tenantId,
      name: settings.name,
      jobId: job.id,
      kind: 'imported',
      architecture: imported.model.architecture,
      visibility: settings.visibility,
      datasetVersionId: null,
      baseModelId: null,
      tokenizerId: null,
      artifactBlobKey: exported.artifactBlobKey,
      artifactSha256: exported.artifactSha256,
      weightsBlobKey: exported.weightsBlobKey,
      tokenizerBlobKey: exported.tokenizerBlobKey,
      config: imported.model.config as object,
      metrics: { parameterCount: imported.parameterCount },
      files: exported.files as unknown as Prisma.InputJsonValue,
      importSourceName: settings.source.name,
      importSourceFiles: imported.sourceFiles as unknown as Prisma.InputJsonValue,
    },
  });
  const shape = registeredShape(imported.model);
  await outbox.write(tx, [
    {
      topic: TOPICS.modelRegistered,
      key: job.tenantId,
      data: {
        tenantId: job.tenantId,
        modelId: model.id,
        name: settings.name,
        trainingJobId: job.id,
        datasetVersionId: null,
        kind: 'imported',
        architecture: imported.model.architecture,
        visibility: settings.visibility,
        baseModelId: null,
        adapter: null,
        artifactBlobKey: exported.artifactBlobKey,
        artifactSha256: exported.artifactSha256,
        tokenizerBlobKey: exported.tokenizerBlobKey,
        contextLength: shape.contextLength,
        files: exported.files,
        config: shape,
      },
    },
  ]);
  return model.id;
}
