import { z } from 'zod';
import { TrainingJobStatus } from '../generated/prisma/enums';
import type { TrainingProgress } from '../runner/training-job';
import type { SelectedCheckpoint } from '../runner/selected-checkpoint';
import type { LoraSettings, ResolvedHyperparameters, TrainingJobKind } from '../settings/training-settings';
import { earlyStoppingSchema } from './training-job.dto';

/** The wire shapes of training-job.view.ts, for the OpenAPI document and the typed client. */
const timestamp = z.iso.datetime();
const numberOrNull = z.number().nullable();

/** The latest progress report as job-hooks.ts writes it: the runner's TrainingProgress and the phase it is in. */
export const trainingJobProgress = z
  .looseObject({ phase: z.string(), step: z.number().int(), totalSteps: z.number().int(), loss: z.number(), tokensPerSecond: z.number(), etaSeconds: z.number(), trainedTokens: z.number().int() })
  .meta({ id: 'TrainingJobProgress' }) satisfies z.ZodType<TrainingProgress & { phase: string }>;

const selectedCheckpointSchema = z
  .object({
    step: z.number().int(),
    metric: z.enum(['validation_loss', 'held_out_loss', 'eval_score']),
    value: z.number(),
    checkpoints: z.number().int().meta({ description: 'Checkpoints compared' }),
    earlyStoppedAtStep: z.number().int().nullable().meta({ description: 'The step training stopped at because the metric stopped improving; null when it ran all its steps' }),
    reason: z.string(),
  })
  .meta({ id: 'SelectedCheckpoint', description: 'Which checkpoint became the model, by which metric, and why (set when the job succeeds)' }) satisfies z.ZodType<SelectedCheckpoint>;

/** A LoRA job's adapter as resolved (what the request's defaults became). */
const loraAdapterSchema = z.object({
  type: z.literal('lora'),
  rank: z.number().int(),
  alpha: z.number(),
  dropout: z.number(),
  targetModules: z.array(z.string()),
}) satisfies z.ZodType<LoraSettings & { type: 'lora' }>;

/** The shape trained (training-job.view.ts modelShape): a tokenizer job's has only vocabSize; a LoRA job's names its base's architecture. */
const modelShapeSchema = z.looseObject({
  vocabSize: z.number().int(),
  architecture: z.enum(['gpt2', 'llama']).optional(),
  layers: z.number().int().optional(),
  heads: z.number().int().optional(),
  embeddingSize: z.number().int().optional(),
  contextLength: z.number().int().optional(),
});

/** The hyperparameters as resolved: what each 'auto' became. */
const resolvedHyperparametersSchema = z.looseObject({
  steps: z.number().int(),
  epochs: z.number(),
  batchSize: z.number().int(),
  seqLen: z.number().int(),
  learningRate: z.number(),
  minLearningRate: z.number(),
  warmupSteps: z.number().int(),
  weightDecay: z.number(),
  seed: z.number().int(),
  checkpointEvery: z.number().int(),
}) satisfies z.ZodType<ResolvedHyperparameters>;

export const trainingJobSchema = z
  .object({
    id: z.uuid(),
    object: z.literal('training.job'),
    // Imports and merges are jobs too, but their own routes answer them (training-jobs.service.ts get, list).
    kind: z.enum(['tokenizer', 'pretrain', 'finetune']) satisfies z.ZodType<TrainingJobKind>,
    status: z.enum(TrainingJobStatus),
    datasetVersionId: z.uuid(),
    validationDatasetVersionId: z.uuid().nullable(),
    earlyStopping: earlyStoppingSchema.nullable().meta({ description: 'The early-stopping settings as requested, with their defaults filled in' }),
    selectedCheckpoint: selectedCheckpointSchema.nullable(),
    baseModelId: z.string().nullable(),
    model: modelShapeSchema,
    hyperparameters: resolvedHyperparametersSchema.nullable(),
    estimatedMemoryBytes: z.number().nullable(),
    method: z.enum(['full', 'lora']).nullable(),
    adapter: loraAdapterSchema.nullable(),
    suffix: z.string().nullable(),
    trainedTokens: z.number().int(),
    progress: trainingJobProgress.nullable(),
    cancelRequested: z.boolean(),
    modelId: z.string().nullable(),
    tokenizerId: z.string().nullable(),
    error: z.string().nullable(),
    createdAt: timestamp,
    startedAt: timestamp.nullable(),
    finishedAt: timestamp.nullable(),
  })
  .meta({ id: 'TrainingJob' });

export const trainingJobEventSchema = z
  .object({
    id: z.string(),
    object: z.literal('training.job.event'),
    level: z.string(),
    type: z.string(),
    message: z.string(),
    data: z.record(z.string(), z.unknown()).nullable(),
    createdAt: timestamp,
  })
  .meta({ id: 'TrainingJobEvent' });

export const checkpointSchema = z
  .looseObject({
    object: z.literal('training.job.checkpoint'),
    step: z.number().int(),
    trainLoss: numberOrNull,
    valLoss: numberOrNull,
    validationLoss: numberOrNull,
    metrics: z.looseObject({ step: z.number().int() }),
    sha256: z.string().nullable(),
    createdAt: timestamp,
  })
  .meta({ id: 'TrainingCheckpoint' });
