import { z } from 'zod';
import { eventEnvelope } from '../envelope';
import { TOPICS } from '../topics';
import { blobKey, id, sha256Hex, tenantId } from './common';

/** training-service → serving-service: a model directory is in the blob store and can be loaded. */
export const modelRegisteredV1 = eventEnvelope(
  TOPICS.modelRegistered,
  1,
  z.strictObject({
    tenantId,
    modelId: id,
    name: z.string().min(1).max(256),
    trainingJobId: id,
    datasetVersionId: id,
    artifactBlobKey: blobKey,
    artifactSha256: sha256Hex,
    contextLength: z.number().int().positive(),
  }),
);
export type ModelRegisteredV1 = z.infer<typeof modelRegisteredV1>;
