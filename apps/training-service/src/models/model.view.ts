import { Model, Tokenizer } from '../generated/prisma/client';

/** A registered model with its lineage (dataset version, tokenizer, job, base model, or the directory it was imported from), metrics and files. */
export function modelView(model: Model, tokenizer: Tokenizer | null) {
  return {
    id: model.id,
    object: 'model' as const,
    name: model.name,
    kind: model.kind,
    architecture: model.architecture,
    visibility: model.visibility,
    adapter: model.adapter,
    importedFrom: model.importSourceName === null ? null : { name: model.importSourceName, files: model.importSourceFiles },
    jobId: model.jobId,
    datasetVersionId: model.datasetVersionId,
    baseModelId: model.baseModelId,
    tokenizer: tokenizer
      ? { id: tokenizer.id, vocabSize: tokenizer.vocabSize, datasetVersionId: tokenizer.datasetVersionId, jobId: tokenizer.jobId, sha256: tokenizer.sha256 }
      : { id: model.tokenizerId, blobKey: model.tokenizerBlobKey },
    config: model.config,
    metrics: model.metrics,
    artifact: { blobKey: model.artifactBlobKey, sha256: model.artifactSha256 },
    files: model.files,
    createdAt: model.createdAt,
  };
}
