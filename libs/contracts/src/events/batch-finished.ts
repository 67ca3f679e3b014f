import { z } from 'zod';
import { eventEnvelope } from '../envelope';
import { TOPICS } from '../topics';
import { id, tenantId } from './common';

const requestCounts = z.strictObject({
  total: z.number().int().nonnegative(),
  completed: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
});

const batchFinished = {
  tenantId,
  batchId: id,
  endpoint: z.enum(['/v1/chat/completions', '/v1/completions', '/v1/embeddings']),
  requestCounts,
  outputFileId: id.nullable(),
  errorFileId: id.nullable(),
};

/** serving-service → webhooks and anyone following batches: a batch answered every request (some may have failed). */
export const batchCompletedV1 = eventEnvelope(TOPICS.batchCompleted, 1, z.strictObject(batchFinished));
export type BatchCompletedV1 = z.infer<typeof batchCompletedV1>;

/** serving-service → the same: a batch failed validation (its input file did not suit the endpoint) and ran nothing. */
export const batchFailedV1 = eventEnvelope(TOPICS.batchFailed, 1, z.strictObject({ ...batchFinished, error: z.string().min(1).max(2000) }));
export type BatchFailedV1 = z.infer<typeof batchFailedV1>;
