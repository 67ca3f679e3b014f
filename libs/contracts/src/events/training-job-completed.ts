import { z } from 'zod';
import { eventEnvelope } from '../envelope';
import { TOPICS } from '../topics';
import { id, tenantId, tokenCount } from './common';

/** training-service → billing-service: a job ended; trained tokens are metered. */
export const trainingJobCompletedV1 = eventEnvelope(
  TOPICS.trainingJobCompleted,
  1,
  z.strictObject({
    tenantId,
    jobId: id,
    modelId: id.nullable(),
    status: z.enum(['succeeded', 'failed', 'cancelled']),
    trainedTokens: tokenCount,
  }),
);
export type TrainingJobCompletedV1 = z.infer<typeof trainingJobCompletedV1>;
