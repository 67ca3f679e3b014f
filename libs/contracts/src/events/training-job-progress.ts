import { z } from 'zod';
import { eventEnvelope } from '../envelope';
import { TOPICS } from '../topics';
import { id, tenantId, tokenCount } from './common';

/** training-service → anyone following a job (dashboard, CLI, monitoring): how far a running job has got. */
export const trainingJobProgressV1 = eventEnvelope(
  TOPICS.trainingJobProgress,
  1,
  z.strictObject({
    tenantId,
    jobId: id,
    phase: z.enum(['tokenizer', 'tokenizing', 'training', 'evaluating', 'exporting']),
    step: z.number().int().nonnegative(),
    totalSteps: z.number().int().nonnegative(),
    loss: z.number().finite().nullable(),
    tokensPerSecond: z.number().finite().nonnegative().nullable(),
    etaSeconds: z.number().finite().nonnegative().nullable(),
    trainedTokens: tokenCount,
  }),
);
export type TrainingJobProgressV1 = z.infer<typeof trainingJobProgressV1>;
