import { z } from 'zod';
import { eventEnvelope } from '../envelope';
import { TOPICS } from '../topics';
import { id, tenantId } from './common';

const resultCounts = z.strictObject({
  total: z.number().int().nonnegative(),
  passed: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  errored: z.number().int().nonnegative(),
});

const criterionResult = z.strictObject({
  testingCriteria: z.string().min(1).max(128),
  passRate: z.number().min(0).max(1).nullable(),
  meanScore: z.number().nullable(),
});

const evalRunFinished = {
  tenantId,
  evalId: id,
  runId: id,
  modelId: id,
  resultCounts,
  perCriterion: z.array(criterionResult).max(20),
};

/** training-service → anyone who follows model quality: an eval run graded every item. */
export const evalRunSucceededV1 = eventEnvelope(TOPICS.evalRunSucceeded, 1, z.strictObject(evalRunFinished));
export type EvalRunSucceededV1 = z.infer<typeof evalRunSucceededV1>;

/** training-service → the same: an eval run stopped on an error (the counts are of the items graded before it). */
export const evalRunFailedV1 = eventEnvelope(TOPICS.evalRunFailed, 1, z.strictObject({ ...evalRunFinished, error: z.string().min(1).max(2000) }));
export type EvalRunFailedV1 = z.infer<typeof evalRunFailedV1>;

/**
 * v2: a run may grade a training job's checkpoint before the job registered a model (eval-metric early stopping):
 * modelId is then null and `checkpoint` names the job and step; a run on a model (or its checkpoint) carries both
 * as before, checkpoint null for the model as registered.
 */
const evalRunFinishedV2 = {
  ...evalRunFinished,
  modelId: id.nullable(),
  checkpoint: z.strictObject({ jobId: id, step: z.number().int().positive() }).nullable(),
};

export const evalRunSucceededV2 = eventEnvelope(TOPICS.evalRunSucceeded, 2, z.strictObject(evalRunFinishedV2));
export type EvalRunSucceededV2 = z.infer<typeof evalRunSucceededV2>;

export const evalRunFailedV2 = eventEnvelope(TOPICS.evalRunFailed, 2, z.strictObject({ ...evalRunFinishedV2, error: z.string().min(1).max(2000) }));
export type EvalRunFailedV2 = z.infer<typeof evalRunFailedV2>;
