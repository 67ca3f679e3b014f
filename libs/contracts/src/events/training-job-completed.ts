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
    /** The registered model's name, the one serving meters its requests under: usage lists one model under one label. */
    modelName: z.string().min(1).max(256).nullable().optional(),
    status: z.enum(['succeeded', 'failed', 'cancelled']),
    trainedTokens: tokenCount,
  }),
);
export type TrainingJobCompletedV1 = z.infer<typeof trainingJobCompletedV1>;
