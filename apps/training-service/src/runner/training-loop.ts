import { BlobStore } from '@llmchain/platform';
import { GptConfig, LossEvaluator, ModelParams, Trainer, TrainingOptions } from '@llmchain/model-runtime';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { ResolvedHyperparameters } from '../settings';
import { downloadBlob, uploadFile } from './blob-files';
import { ProgressMeter } from './progress-meter';
import { TokenSplit } from './token-stream';
import { TrainingJobError, TrainingJobHooks } from './training-job';

export interface TrainingLoopInput {
  config: GptConfig;
  hyperparameters: ResolvedHyperparameters;
  split: TokenSplit;
  /** Weights a fresh run starts from (not called when the job resumes from a checkpoint). */
  initialParams: () => Promise<ModelParams>;
  blobs: BlobStore;
  hooks: TrainingJobHooks;
  workDir: string;
  outputPrefix: string;
  maxEvalBatches: number;
}

export type TrainingLoopOutcome =
  | { cancelled: true; step: number }
  | { cancelled: false; step: number; params: ModelParams; trainLoss: number; valLoss: number };

export function trainingOptions(h: ResolvedHyperparameters): Partial<TrainingOptions> {
  return {
    batchSize: h.batchSize,
    microBatches: 1,
    seqLen: h.seqLen,
    schedule: { maxLr: h.learningRate, minLr: h.minLearningRate, warmupSteps: h.warmupSteps, decaySteps: h.steps },
    weightDecay: h.weightDecay,
    seed: h.seed,
  };
}

export function checkpointKey(outputPrefix: string, step: number): string {
  return `${outputPrefix}/checkpoints/step-${String(step).padStart(8, '0')}.safetensors`;
}

const SHAPE_FIELDS = ['vocabSize', 'contextLength', 'nLayer', 'nHead', 'nEmbd', 'positional', 'dropout'] as const;

async function resumeTrainer(input: TrainingLoopInput, point: { step: number; blobKey: string }): Promise<Trainer> {
  const { config, hyperparameters: h } = input;
  if (point.step > h.steps) {
    throw new TrainingJobError('checkpoint_mismatch', `the checkpoint to resume from is at step ${point.step}, past this job's ${h.steps} steps`);
  }
  const file = path.join(input.workDir, `resume-${point.step}.safetensors`);
  await downloadBlob(input.blobs, point.blobKey, file);
  const trainer = await Trainer.resume(file, input.split.train).finally(() => rm(file, { force: true }));
  const differing = SHAPE_FIELDS.filter((field) => trainer.config[field] !== config[field]);
  const problem =
    trainer.step !== point.step
      ? `holds step ${trainer.step}, not ${point.step}`
      : differing.length > 0
        ? `was written for another model (${differing.map((f) => `${f} ${trainer.config[f]} instead of ${config[f]}`).join(', ')})`
        : trainer.options.batchSize !== h.batchSize || trainer.options.seqLen !== h.seqLen
          ? `was written with batch ${trainer.options.batchSize}×${trainer.options.seqLen}, not ${h.batchSize}×${h.seqLen}`
          : null;
  if (problem !== null) {
    await trainer.release();
    throw new TrainingJobError('checkpoint_mismatch', `checkpoint ${point.blobKey} ${problem}`);
  }
  return trainer;
}

/**
 * Trains to the job's step count from a fresh start or from the last recorded checkpoint. Every checkpointEvery steps
 * and at the end: train and held-out loss on bounded samples, the checkpoint committed to the blob store, then
 * hooks.checkpoint. Stops between steps when hooks.shouldStop() says so, keeping the checkpoints written.
 */
export async function runTrainingLoop(input: TrainingLoopInput): Promise<TrainingLoopOutcome> {
  const { config, hyperparameters: h, split, hooks, blobs } = input;
  const point = await hooks.latestCheckpoint();
  const trainer = point
    ? await resumeTrainer(input, point)
    : await Trainer.create(config, trainingOptions(h), split.train, await input.initialParams());
  let evaluator: LossEvaluator | undefined;
  try {
    evaluator = await LossEvaluator.create(config, split.evalBatch, h.seqLen);
    const measure = async () => {
      const params = trainer.currentParams();
      const train = await evaluator!.evaluate(params, split.train, input.maxEvalBatches);
      const val = await evaluator!.evaluate(params, split.heldOut, input.maxEvalBatches);
      return { trainLoss: train.loss, valLoss: val.loss };
    };
    const writeCheckpoint = async (losses: { trainLoss: number; valLoss: number }) => {
      const step = trainer.step;
      const file = path.join(input.workDir, `checkpoint-${step}.safetensors`);
      trainer.saveCheckpoint(file);
      const stored = await uploadFile(blobs, file, checkpointKey(input.outputPrefix, step)).finally(() => rm(file, { force: true }));
      await hooks.checkpoint({ step, ...losses, blobKey: stored.key, sha256: stored.sha256 });
    };

    await hooks.phase('training');
    const checkpointedStep = trainer.step;
    const meter = new ProgressMeter(h.steps, h.batchSize * h.seqLen, trainer.step, (progress) => hooks.progress(progress));
    while (trainer.step < h.steps) {
      if (await hooks.shouldStop()) return { cancelled: true, step: trainer.step };
      const { step, loss } = await trainer.trainStep();
      if (!Number.isFinite(loss)) {
        throw new TrainingJobError('training_diverged', `training diverged at step ${step} (loss ${loss}): lower hyperparameters.learningRate`);
      }
      await meter.stepDone(step, loss);
      if (step % h.checkpointEvery === 0 && step < h.steps) {
        await writeCheckpoint(await measure());
        meter.restartWindow(step);
      }
    }
    await hooks.phase('evaluating');
    const final = await measure();
    if (checkpointedStep < h.steps) await writeCheckpoint(final);
    return { cancelled: false, step: trainer.step, params: trainer.currentParams(), ...final };
  } finally {
    await Promise.all([trainer.release(), evaluator?.release()]);
  }
}
