import { TrainingConfigError } from '../errors';
import { LrSchedule } from './lr-schedule';
import { TrainingModel } from './training-model';

export interface TrainingOptions {
  /** Sequences per optimizer step. */
  batchSize: number;
  /** Gradient accumulation: each step runs this many micro-batches of batchSize / microBatches sequences. */
  microBatches: number;
  seqLen: number;
  schedule: LrSchedule;
  beta1: number;
  beta2: number;
  adamEps: number;
  /** Decoupled (AdamW) weight decay, applied to matrices and embeddings only, not to biases or LayerNorm gains. */
  weightDecay: number;
  /** Global-norm gradient clipping threshold; 0 turns clipping off. */
  gradClip: number;
  /** Seeds the batch sampler and dropout masks. */
  seed: number;
  /** Parameter-name prefixes left untouched by the optimizer (e.g. ['wte.', 'h.0.'] to fine-tune upper layers only). */
  frozen: string[];
}

export const DEFAULT_TRAINING_OPTIONS: TrainingOptions = {
  batchSize: 12,
  microBatches: 1,
  seqLen: 64,
  schedule: { maxLr: 1e-3, minLr: 1e-4, warmupSteps: 100, decaySteps: 2000 },
  beta1: 0.9,
  beta2: 0.99,
  adamEps: 1e-8,
  weightDecay: 0.1,
  gradClip: 1,
  seed: 1337,
  frozen: [],
};

/** Names of the parameters the optimizer updates, in paramShapes order: the adapter with LoRA, else the unfrozen ones. */
export function trainableParamNames(model: TrainingModel, options: TrainingOptions): string[] {
  return model.trainableCandidates.filter((name) => !options.frozen.some((prefix) => name.startsWith(prefix)));
}

export function validateTrainingOptions(model: TrainingModel, options: TrainingOptions): void {
  const positive = (value: number, label: string) => {
    if (!Number.isInteger(value) || value < 1) throw new TrainingConfigError(`${label} must be a positive integer, got ${value}`);
  };
  positive(options.batchSize, 'batchSize');
  positive(options.microBatches, 'microBatches');
  positive(options.seqLen, 'seqLen');
  if (options.batchSize % options.microBatches !== 0) {
    throw new TrainingConfigError(`batchSize (${options.batchSize}) must be divisible by microBatches (${options.microBatches})`);
  }
  if (options.seqLen > model.contextLength) {
    throw new TrainingConfigError(`seqLen (${options.seqLen}) is longer than the context length ${model.contextLength}`);
  }
  if (!(options.beta1 >= 0 && options.beta1 < 1 && options.beta2 >= 0 && options.beta2 < 1)) {
    throw new TrainingConfigError('beta1 and beta2 must be in [0, 1)');
  }
  if (!(options.schedule.maxLr > 0) || !(options.schedule.minLr >= 0)) {
    throw new TrainingConfigError('learning rates must be positive');
  }
  if (!(options.weightDecay >= 0) || !(options.gradClip >= 0) || !(options.adamEps > 0)) {
    throw new TrainingConfigError('weightDecay and gradClip must be non-negative and adamEps positive');
  }
  const names = model.trainableCandidates;
  for (const prefix of options.frozen) {
    if (!names.some((name) => name.startsWith(prefix))) {
      throw new TrainingConfigError(`frozen prefix "${prefix}" matches no parameter`);
    }
  }
  if (trainableParamNames(model, options).length === 0) throw new TrainingConfigError('every parameter is frozen');
}
