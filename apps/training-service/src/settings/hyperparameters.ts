import { GptConfig } from '@llmchain/model-runtime';
import { estimateTrainingMemoryBytes, parameterCount } from './memory-estimate';
import { HyperparametersRequest, ResolvedHyperparameters, TrainingJobKind, TrainingSettingsContext, TrainingSettingsError } from './training-settings';

/** What resolving hyperparameters needs to know of the model a job trains, whole or through an adapter. */
export interface TrainedModelShape {
  /** Tokens per training sequence. */
  seqLen: number;
  /** Memory of one step at a batch size (estimateTrainingMemoryBytes or its LoRA counterpart). */
  memoryBytes(batchSize: number): number;
  /** The settings to lower when a batch does not fit, for the error message. */
  shrinkHint: string;
  /** Peak learning rate of 'auto'. */
  autoLearningRate: number;
  /** Passes over the dataset of 'auto' epochs. */
  autoEpochs: number;
  /** Weight decay when the request gives none. */
  defaultWeightDecay: number;
}

export const HYPERPARAMETER_LIMITS = {
  batchSize: { min: 1, max: 256 },
  epochs: { min: 0, max: 1000 },
  seed: { min: 0, max: 2 ** 32 - 1 },
};

/** Largest batch 'auto' picks; halved until the step fits the memory budget. */
const AUTO_MAX_BATCH = 32;
/** 'auto' batches use at most this share of the dataset's windows, so even a small dataset gets several steps an epoch. */
const AUTO_BATCH_DATASET_SHARE = 1 / 4;
/** Chinchilla's compute-optimal ratio: a new model's 'auto' run aims at this many tokens per parameter. */
const TOKENS_PER_PARAMETER = 20;
const AUTO_PRETRAIN_MAX_EPOCHS = 100;
const AUTO_FINETUNE_EPOCHS = 3;
/** Peak learning rate × width: 1e-3 at width 384 (nanoGPT's small models), 3e-3 at 128. */
const LEARNING_RATE_WIDTH_PRODUCT = 0.384;
const LEARNING_RATE_RANGE = { min: 1e-4, max: 1e-2 };
/** A fine-tune moves the base model gently: a tenth of the rate a new model of its width would get. */
const FINETUNE_LEARNING_RATE_FACTOR = 0.1;
const MIN_LEARNING_RATE_FACTOR = 0.1;
const AUTO_WARMUP_SHARE = 0.05;
const AUTO_WARMUP_MAX = 200;
const DEFAULT_WEIGHT_DECAY = 0.1;
/** LoRA's usual peak rate (PEFT's and QLoRA's examples): the adapter starts at zero, so it takes larger steps than a full fine-tune. */
const LORA_LEARNING_RATE = 2e-4;
const DEFAULT_SEED = 1337;
const DEFAULT_CHECKPOINTS = 10;

const MIB = 2 ** 20;
const mib = (bytes: number) => `${Math.ceil(bytes / MIB)} MiB`;

function fail(field: string, message: string): never {
  throw new TrainingSettingsError(`hyperparameters.${field}`, message);
}

function integer(field: string, value: unknown, min: number, max: number): number {
  if (!Number.isInteger(value) || (value as number) < min || (value as number) > max) {
    fail(field, `hyperparameters.${field} must be an integer from ${min} to ${max}${field === 'steps' ? ' (TRAINING_MAX_STEPS)' : ''}, got ${JSON.stringify(value)}`);
  }
  return value as number;
}

function finite(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(field, `hyperparameters.${field} must be a number, got ${JSON.stringify(value)}`);
  return value;
}

function memoryError(shape: TrainedModelShape, batchSize: number, budget: number): TrainingSettingsError {
  return new TrainingSettingsError(
    'hyperparameters.batchSize',
    `training this model with batch size ${batchSize} needs ~${mib(shape.memoryBytes(batchSize))}, budget is ${mib(budget)}: lower ${shape.shrinkHint} or raise TRAINING_MEMORY_BUDGET_MB`,
  );
}

function resolveBatchSize(requested: unknown, shape: TrainedModelShape, context: TrainingSettingsContext): number {
  const fits = (batch: number) => shape.memoryBytes(batch) <= context.memoryBudgetBytes;
  if (requested !== undefined && requested !== 'auto') {
    const batch = integer('batchSize', requested, HYPERPARAMETER_LIMITS.batchSize.min, HYPERPARAMETER_LIMITS.batchSize.max);
    if (!fits(batch)) throw memoryError(shape, batch, context.memoryBudgetBytes);
    return batch;
  }
  const datasetWindows = context.datasetEstimatedTokens / shape.seqLen;
  let batch = AUTO_MAX_BATCH;
  while (batch > 1 && (!fits(batch) || batch > datasetWindows * AUTO_BATCH_DATASET_SHARE)) batch /= 2;
  if (!fits(batch)) throw memoryError(shape, batch, context.memoryBudgetBytes);
  return batch;
}

/** Peak learning rate from the model's width (wider models need smaller steps). */
export function autoLearningRate(kind: TrainingJobKind, config: GptConfig): number {
  const rate = Math.min(LEARNING_RATE_RANGE.max, Math.max(LEARNING_RATE_RANGE.min, LEARNING_RATE_WIDTH_PRODUCT / config.nEmbd));
  return kind === 'finetune' ? rate * FINETUNE_LEARNING_RATE_FACTOR : rate;
}

/** A GPT-2 model trained whole: a new model aims at TOKENS_PER_PARAMETER tokens per parameter; a fine-tune makes a few passes. */
export function wholeModelShape(kind: 'pretrain' | 'finetune', config: GptConfig, datasetTokens: number): TrainedModelShape {
  const pretrainEpochs = Math.min(AUTO_PRETRAIN_MAX_EPOCHS, Math.max(1, (TOKENS_PER_PARAMETER * parameterCount(config)) / Math.max(1, datasetTokens)));
  return {
    seqLen: config.contextLength,
    memoryBytes: (batch) => estimateTrainingMemoryBytes(config, batch, config.contextLength),
    shrinkHint: 'model.layers/model.embeddingSize/hyperparameters.batchSize',
    autoLearningRate: autoLearningRate(kind, config),
    autoEpochs: kind === 'finetune' ? AUTO_FINETUNE_EPOCHS : pretrainEpochs,
    defaultWeightDecay: DEFAULT_WEIGHT_DECAY,
  };
}

/** A LoRA adapter on a frozen base: a few passes at LoRA's usual rate, without weight decay (as PEFT's examples train). */
export function adapterShape(seqLen: number, memoryBytes: (batch: number) => number): TrainedModelShape {
  return {
    seqLen,
    memoryBytes,
    shrinkHint: 'hyperparameters.batchSize/model.contextLength/adapter.rank',
    autoLearningRate: LORA_LEARNING_RATE,
    autoEpochs: AUTO_FINETUNE_EPOCHS,
    defaultWeightDecay: 0,
  };
}

/** Every hyperparameter of a model job, explicit or derived ('auto' or absent), within its range. */
export function resolveHyperparameters(
  request: HyperparametersRequest = {},
  shape: TrainedModelShape,
  context: TrainingSettingsContext,
): ResolvedHyperparameters {
  const { seqLen } = shape;
  const batchSize = resolveBatchSize(request.batchSize, shape, context);
  const tokensPerStep = batchSize * seqLen;
  const datasetTokens = Math.max(1, context.datasetEstimatedTokens);

  const stepsGiven = request.steps !== undefined && request.steps !== 'auto';
  const epochsGiven = request.epochs !== undefined && request.epochs !== 'auto';
  if (stepsGiven && epochsGiven) fail('steps', 'give hyperparameters.steps or hyperparameters.epochs, not both (the other follows from it)');
  let steps: number;
  if (stepsGiven) {
    steps = integer('steps', request.steps, 1, context.maxSteps);
  } else {
    let epochs = shape.autoEpochs;
    if (epochsGiven) {
      epochs = finite('epochs', request.epochs);
      const { min, max } = HYPERPARAMETER_LIMITS.epochs;
      if (!(epochs > min && epochs <= max)) fail('epochs', `hyperparameters.epochs must be more than ${min} and at most ${max}, got ${epochs}`);
    }
    steps = Math.min(context.maxSteps, Math.max(1, Math.round((epochs * datasetTokens) / tokensPerStep)));
  }

  let learningRate = shape.autoLearningRate;
  if (request.learningRate !== undefined && request.learningRate !== 'auto') {
    learningRate = finite('learningRate', request.learningRate);
    if (!(learningRate > 0 && learningRate <= 1)) fail('learningRate', `hyperparameters.learningRate must be more than 0 and at most 1, got ${learningRate}`);
  }

  let warmupSteps = Math.min(AUTO_WARMUP_MAX, Math.round(steps * AUTO_WARMUP_SHARE));
  if (request.warmupSteps !== undefined && request.warmupSteps !== 'auto') {
    warmupSteps = integer('warmupSteps', request.warmupSteps, 0, steps);
  }

  let weightDecay = shape.defaultWeightDecay;
  if (request.weightDecay !== undefined) {
    weightDecay = finite('weightDecay', request.weightDecay);
    if (!(weightDecay >= 0 && weightDecay <= 1)) fail('weightDecay', `hyperparameters.weightDecay must be from 0 to 1, got ${weightDecay}`);
  }

  const seed = request.seed === undefined ? DEFAULT_SEED : integer('seed', request.seed, HYPERPARAMETER_LIMITS.seed.min, HYPERPARAMETER_LIMITS.seed.max);
  const checkpointEvery =
    request.checkpointEvery === undefined ? Math.max(1, Math.ceil(steps / DEFAULT_CHECKPOINTS)) : integer('checkpointEvery', request.checkpointEvery, 1, context.maxSteps);

  return {
    steps,
    epochs: (steps * tokensPerStep) / datasetTokens,
    batchSize,
    seqLen,
    learningRate,
    minLearningRate: learningRate * MIN_LEARNING_RATE_FACTOR,
    warmupSteps,
    weightDecay,
    seed,
    checkpointEvery,
  };
}
