import { z } from 'zod';
import { eventEnvelope } from '../envelope';
import { TOPICS } from '../topics';
import { blobKey, id, sha256Hex, tenantId, tokenCount } from './common';

/** data-service → training-service: an immutable dataset version can be trained on. */
export const datasetVersionReadyV1 = eventEnvelope(
  TOPICS.datasetVersionReady,
  1,
  z.strictObject({
    tenantId,
    datasetId: id,
    datasetVersionId: id,
    manifestBlobKey: blobKey,
    manifestSha256: sha256Hex,
    documents: z.number().int().nonnegative(),
    bytes: z.number().int().nonnegative(),
    estimatedTokens: tokenCount,
  }),
);
export type DatasetVersionReadyV1 = z.infer<typeof datasetVersionReadyV1>;
