import { z } from 'zod';
import { eventEnvelope } from '../envelope';
import { TOPICS } from '../topics';
import { blobKey, id, sha256Hex, tenantId } from './common';

const modelRegisteredFieldsV1 = {
  tenantId,
  modelId: id,
  name: z.string().min(1).max(256),
  trainingJobId: id,
  datasetVersionId: id,
  artifactBlobKey: blobKey,
  artifactSha256: sha256Hex,
  contextLength: z.number().int().positive(),
};

/** training-service → serving-service: a model directory is in the blob store and can be loaded. */
export const modelRegisteredV1 = eventEnvelope(TOPICS.modelRegistered, 1, z.strictObject(modelRegisteredFieldsV1));
export type ModelRegisteredV1 = z.infer<typeof modelRegisteredV1>;

/** v2 adds what a loader checks before trusting the files: each file's key and SHA-256, the model's shape, its lineage. */
export const modelRegisteredV2 = eventEnvelope(
  TOPICS.modelRegistered,
  2,
  z.strictObject({
    ...modelRegisteredFieldsV1,
    baseModelId: id.nullable(),
    tokenizerBlobKey: blobKey,
    files: z.array(z.strictObject({ path: z.string().min(1).max(512), bytes: z.number().int().nonnegative(), sha256: sha256Hex })).min(1),
    config: z.strictObject({
      vocabSize: z.number().int().positive(),
      contextLength: z.number().int().positive(),
      layers: z.number().int().positive(),
      heads: z.number().int().positive(),
      embeddingSize: z.number().int().positive(),
    }),
  }),
);
export type ModelRegisteredV2 = z.infer<typeof modelRegisteredV2>;
