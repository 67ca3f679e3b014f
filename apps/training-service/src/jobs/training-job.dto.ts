import { z } from 'zod';
import { promptInputSchema } from '../evals/eval.dto';

const auto = z.literal('auto');
const wholeOrAuto = z.union([z.number().int('must be a whole number'), auto]);
const numberOrAuto = z.union([z.number(), auto]);

/**
 * The body of POST /v1/training/jobs: shapes and types only. Ranges, defaults, 'auto' and the memory budget are
 * settled by resolveTrainingSettings, which knows the dataset and the base model.
 */
const hyperparametersSchema = z.strictObject({
  steps: wholeOrAuto.optional(),
  epochs: numberOrAuto.optional(),
  batchSize: wholeOrAuto.optional(),
  learningRate: numberOrAuto.optional(),
  warmupSteps: wholeOrAuto.optional(),
  weightDecay: z.number().optional(),
  seed: z.number().int().optional(),
  checkpointEvery: z.number().int().optional(),
});

/**
 * Early stopping on an eval metric instead of a loss: at every checkpoint the job runs the eval on the checkpoint
 * and reads one criterion's pass rate or mean score (higher is better); the best checkpoint by it is registered.
 */
const evalMetricSchema = z.strictObject({
  evalId: z.uuid('must be the id of one of your evals'),
  testingCriteria: z.string().min(1, 'must name one of the eval’s criteria').max(128),
  score: z.enum(['pass_rate', 'mean_score'], { error: 'must be pass_rate or mean_score' }).default('pass_rate'),
  /** How the checkpoint answers each item, when a criterion reads {{sample.output_text}}. */
  inputTemplate: promptInputSchema.optional(),
  maxCompletionTokens: z.number().int().min(1, 'must be 1 to 256').max(256, 'must be 1 to 256').default(32),
});
export type EvalMetric = z.infer<typeof evalMetricSchema>;

/** Stop when the selection metric has not improved by more than minDelta for `patience` checkpoints in a row. */
export const earlyStoppingSchema = z.strictObject({
  patience: z.number().int('must be a whole number of checkpoints').min(1, 'must be 1 to 100 checkpoints').max(100, 'must be 1 to 100 checkpoints'),
  minDelta: z.number().min(0, 'must be a loss difference from 0 to 10').max(10, 'must be a loss difference from 0 to 10').default(0),
  eval: evalMetricSchema.optional(),
});
/** The settings as stored and shown: the request's, with minDelta and the eval's defaults filled in. */
export type EarlyStopping = z.output<typeof earlyStoppingSchema>;

export const createTrainingJobSchema = z.strictObject({
  kind: z.enum(['tokenizer', 'pretrain', 'finetune'], { error: "must be 'tokenizer', 'pretrain' or 'finetune'" }),
  datasetVersionId: z.uuid('must be the id of a ready dataset version'),
  /** OpenAI's validation_file: a dataset version whose loss each checkpoint reports, and which selects the model. */
  validationDatasetVersionId: z.uuid('must be the id of a ready dataset version').optional(),
  earlyStopping: earlyStoppingSchema.optional(),
  baseModelId: z.uuid('must be the id of one of your models').optional(),
  model: z
    .strictObject({
      layers: z.number().int().optional(),
      heads: z.number().int().optional(),
      embeddingSize: z.number().int().optional(),
      contextLength: z.number().int().optional(),
      vocabSize: z.number().int().optional(),
    })
    .optional(),
  hyperparameters: hyperparametersSchema.optional(),
  /** OpenAI's form: {type: "supervised", supervised: {hyperparameters}}. */
  method: z
    .strictObject({
      type: z.literal('supervised', { error: 'must be "supervised"' }),
      supervised: z.strictObject({ hyperparameters: hyperparametersSchema.optional() }).optional(),
    })
    .optional(),
  /** Train a LoRA adapter on the frozen base instead of the whole model; ranges are checked by the settings. */
  adapter: z
    .strictObject({
      type: z.literal('lora', { error: 'must be "lora"' }),
      rank: z.number().int('must be a whole number').optional(),
      alpha: z.number().optional(),
      dropout: z.number().optional(),
      target_modules: z.array(z.string().max(100, 'must be a module name of up to 100 characters')).max(32, 'must name at most 32 modules').optional(),
    })
    .optional(),
  suffix: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'lowercase letters, digits and dashes, up to 40, starting with a letter or digit')
    .optional(),
});

export type CreateTrainingJob = z.infer<typeof createTrainingJobSchema>;

export const eventsQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1, 'must be 1 to 1000').max(1000, 'must be 1 to 1000').default(100),
  after: z
    .string()
    .regex(/^[0-9]{1,18}$/, 'must be the id of the last event of the previous page')
    .transform((id) => BigInt(id))
    .optional(),
});
export type EventsQuery = z.infer<typeof eventsQuerySchema>;
