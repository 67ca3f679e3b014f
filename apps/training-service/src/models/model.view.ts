import { Model, Tokenizer } from '../generated/prisma/client';
import { ModelFileWire, RegisteredModelWire } from './model.schemas';

type JsonObject = Record<string, unknown>;

/** A registered model with its lineage (dataset version, tokenizer, job, base model, or the directory it was imported from), metrics and files. */
export function modelView(model: Model, tokenizer: Tokenizer | null) {
  return {
    id: model.id,
    object: 'model' as const,
    name: model.name,
    kind: model.kind,
    architecture: model.architecture,
    visibility: model.visibility,
    adapter: model.adapter as JsonObject | null,
    importedFrom: model.importSourceName === null ? null : { name: model.importSourceName, files: model.importSourceFiles as ModelFileWire[] },
    jobId: model.jobId,
    datasetVersionId: model.datasetVersionId,
    baseModelId: model.baseModelId,
    tokenizer: tokenizer
      ? { id: tokenizer.id, vocabSize: tokenizer.vocabSize, datasetVersionId: tokenizer.datasetVersionId, jobId: tokenizer.jobId, sha256: tokenizer.sha256 }
      : { id: model.tokenizerId, blobKey: model.tokenizerBlobKey },
    config: model.config as JsonObject,
    metrics: model.metrics as JsonObject,
    artifact: { blobKey: model.artifactBlobKey, sha256: model.artifactSha256 },
    files: model.files as ModelFileWire[],
    createdAt: model.createdAt.toISOString(),
  } satisfies RegisteredModelWire;
}
