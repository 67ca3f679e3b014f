import { ImportedModel } from '@llmchain/model-runtime';
import { OutboxWriter } from '@llmchain/platform';
import { Prisma, TrainingJob } from '../generated/prisma/client';
import { createRegisteredModel } from '../models/model-registration';
import { ExportedModel } from '../runner/model-artifact';
import { ModelImportSettings } from './model-import-settings';

/**
 * Records an imported base (kind imported, its lineage: the source's name and each source file's SHA-256) and
 * announces it to serving with model.registered, in the caller's transaction. Returns the model's id.
 */
export function registerImportedModel(
  tx: Prisma.TransactionClient,
  outbox: OutboxWriter,
  job: TrainingJob,
  settings: ModelImportSettings,
  exported: ExportedModel,
  imported: ImportedModel,
): Promise<string> {
  return createRegisteredModel(tx, outbox, {
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
  });
}
