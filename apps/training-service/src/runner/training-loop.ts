import { BlobStore } from '@llmchain/platform';
import { LossEvaluator, ModelParams, Trainer, TrainingData, trainingModel, TrainingModelSpec, TrainingOptions } from '@llmchain/model-runtime';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { ResolvedHyperparameters } from '../settings';
import { downloadBlob, uploadFile } from './blob-files';
import { CheckpointSelection } from './checkpoint-selection';
import { ProgressMeter } from './progress-meter';
import { TokenSplit } from './token-stream';
import { checkValidationLength } from './validation-set';
import {
  CheckpointRecord, DEFAULT_MAX_EVAL_BATCHES, EarlyStopping, SelectedCheckpoint, TrainedMetrics, TrainingJobError, TrainingJobHooks, TrainingJobSpec,
} from './training-job';

export interface TrainingLoopInput {
  /** What trains: a GPT-2 model whole, or a LoRA adapter on a frozen base of either architecture. */
  model: TrainingModelSpec;
  hyperparameters: ResolvedHyperparameters;
  split: TokenSplit;
  /** The validation dataset's tokens, scored whole at every checkpoint (already capped). */
  validation?: Int32Array | TrainingData;
  earlyStopping?: EarlyStopping;
  /**
   * Weights a fresh run starts from; with LoRA the frozen base, which a resumed run needs again (a LoRA checkpoint
   * holds only the adapter). A whole-model run that resumes does not call it.
   */
  initialParams: () => Promise<ModelParams>;
  /** Called with the selected checkpoint's run before its sessions are released (a LoRA job exports its adapter here). */
  finish?: (trainer: Trainer) => Promise<void>;
  blobs: BlobStore;
  hooks: TrainingJobHooks;
  workDir: string;
  outputPrefix: string;
  maxEvalBatches: number;
}

/** What every job's loop takes from the job itself: where it writes, its hooks and its evaluation bound. */
export function loopContext(spec: TrainingJobSpec, blobs: BlobStore, hooks: TrainingJobHooks) {
  return {
    blobs,
    hooks,
    workDir: spec.workDir,
    outputPrefix: spec.outputPrefix,
    maxEvalBatches: spec.limits?.maxEvalBatches ?? DEFAULT_MAX_EVAL_BATCHES,
    earlyStopping: spec.earlyStopping,
  };
}

export type TrainingLoopOutcome =
  | { cancelled: true; step: number }
  /**
   * step: the last step trained (what is metered). params: the selected checkpoint's model (a whole-model run's; a
   * LoRA run hands its adapter to `finish` instead); metrics: that checkpoint's losses.
   */
  | { cancelled: false; step: number; params?: ModelParams; metrics: TrainedMetrics; selected: SelectedCheckpoint };

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

/** JSON with sorted keys: a spec read back from a checkpoint compares equal to the job's whatever the key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Where a checkpoint's model differs from the job's: the GPT-2 shape fields by name, else the whole spec. */
function specDifference(saved: TrainingModelSpec, wanted: TrainingModelSpec): string | null {
  if (saved.model.architecture === 'gpt2' && wanted.model.architecture === 'gpt2' && !saved.lora && !wanted.lora) {
    const a = saved.model.config;
    const b = wanted.model.config;
    const differing = SHAPE_FIELDS.filter((field) => a[field] !== b[field]);
    return differing.length > 0 ? differing.map((f) => `${f} ${a[f]} instead of ${b[f]}`).join(', ') : null;
  }
  return canonical(saved) === canonical(wanted) ? null : `${canonical(saved)} instead of ${canonical(wanted)}`;
}

const SHAPE_FIELDS = ['vocabSize', 'contextLength', 'nLayer', 'nHead', 'nEmbd', 'positional', 'dropout'] as const;

async function resumeTrainer(input: TrainingLoopInput, point: { step: number; blobKey: string }): Promise<Trainer> {
  const { model, hyperparameters: h } = input;
  if (point.step > h.steps) {
    throw new TrainingJobError('checkpoint_mismatch', `the checkpoint to resume from is at step ${point.step}, past this job's ${h.steps} steps`);
  }
  const file = path.join(input.workDir, `resume-${point.step}.safetensors`);
  await downloadBlob(input.blobs, point.blobKey, file);
  const base = model.lora ? await input.initialParams() : undefined;
  const trainer = await Trainer.resume(file, input.split.train, base).finally(() => rm(file, { force: true }));
  const difference = specDifference(trainer.model.spec, model);
  const problem =
    trainer.step !== point.step
      ? `holds step ${trainer.step}, not ${point.step}`
      : difference !== null
        ? `was written for another model (${difference})`
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
 * A model that guesses uniformly scores ln(vocabulary size); one scoring this many times worse than that, and than
 * where this attempt started, is confidently wrong everywhere — its weights blew up — and training further only wastes
 * the worker (a learning rate of 1 on the tiny models reaches 8× within 10 steps, 0.3 never passes 1×). The start
 * counts because a fine-tuned base can begin far above a uniform guess on text unlike its own (a LoRA job on a small
 * trained base began at 40 with a uniform guess at 6.2) without diverging.
 */
const DIVERGED_LOSS_FACTOR = 3;

/** Why a step's loss shows the run diverged, or null while it has not; `firstLoss` is this attempt's first step's. */
function divergenceOf(loss: number, firstLoss: number, vocabSize: number): string | null {
  if (!Number.isFinite(loss)) return `loss ${loss}`;
  const uniform = Math.log(vocabSize);
  const bound = DIVERGED_LOSS_FACTOR * Math.max(uniform, Number.isFinite(firstLoss) ? firstLoss : uniform);
  const reference = firstLoss > uniform ? 'the first step' : 'a uniform guess';
  return loss > bound ? `loss ${loss.toFixed(2)} above ${bound.toFixed(2)}, ${DIVERGED_LOSS_FACTOR}× ${reference}'s` : null;
}

/** The early-stopping eval's score of a recorded checkpoint, from the hooks that run it. */
function scoreWith(hooks: TrainingJobHooks, checkpoint: CheckpointRecord): Promise<number> {
  if (!hooks.scoreCheckpoint) throw new TrainingJobError('invalid_spec', 'early stopping names an eval, but this runner cannot run evals on checkpoints');
  return hooks.scoreCheckpoint(checkpoint);
}

/**
 * Trains to the job's step count from a fresh start or from the last recorded checkpoint. Every checkpointEvery steps
 * and at the end: train and held-out loss on bounded samples, the checkpoint committed to the blob store, then
 * hooks.checkpoint. Stops between steps when hooks.shouldStop() says so, keeping the checkpoints written.
 */
export async function runTrainingLoop(input: TrainingLoopInput): Promise<TrainingLoopOutcome> {
  const { model, hyperparameters: h, split, hooks, blobs, validation } = input;
  if (validation) checkValidationLength(validation instanceof Int32Array ? { tokens: validation } : validation, h.seqLen, split.evalBatch);
  const point = await hooks.latestCheckpoint();
  const selection = CheckpointSelection.forJob(validation !== undefined, input.earlyStopping);
  if (point) {
    for (const recorded of await hooks.recordedCheckpoints()) {
      if (recorded.step > point.step) continue;
      // A checkpoint recorded before its eval ran (the worker stopped in between) is scored now.
      if (selection.metric === 'eval_score' && (recorded.evalScore ?? null) === null) recorded.evalScore = await scoreWith(hooks, recorded);
      selection.observe(recorded);
    }
  }
  const trainer = point
    ? await resumeTrainer(input, point)
    : await Trainer.create(model, trainingOptions(h), split.train, await input.initialParams());
  let evaluator: LossEvaluator | undefined;
  let selectedTrainer: Trainer | undefined;
  try {
    evaluator = await LossEvaluator.create(trainingModel(model), split.evalBatch, h.seqLen);
    // Evaluated on the trainer's own tensors: a copy of the parameters per checkpoint would copy a LoRA job's base.
    const measure = async () => {
      const train = await trainer.evaluateWith(evaluator!, split.train, input.maxEvalBatches);
      const val = await trainer.evaluateWith(evaluator!, split.heldOut, input.maxEvalBatches);
      // The whole (capped) validation set every time: checkpoints are compared on the same tokens.
      const validationLoss = validation ? (await trainer.evaluateWith(evaluator!, validation)).loss : null;
      return { trainLoss: train.loss, valLoss: val.loss, validationLoss };
    };
    const writeCheckpoint = async (losses: { trainLoss: number; valLoss: number; validationLoss: number | null }) => {
      const step = trainer.step;
      const file = path.join(input.workDir, `checkpoint-${step}.safetensors`);
      await hooks.beforeWrite?.();
      trainer.saveCheckpoint(file);
      const stored = await uploadFile(blobs, file, checkpointKey(input.outputPrefix, step)).finally(() => rm(file, { force: true }));
      const record: CheckpointRecord = { step, ...losses, blobKey: stored.key, sha256: stored.sha256 };
      await hooks.checkpoint(record);
      if (selection.metric === 'eval_score') record.evalScore = await scoreWith(hooks, record);
      selection.observe(record);
    };

    await hooks.phase('training');
    const checkpointedStep = trainer.step;
    const meter = new ProgressMeter(h.steps, h.batchSize * h.seqLen, trainer.step, (progress) => hooks.progress(progress));
    let firstLoss: number | undefined;
    while (trainer.step < h.steps && !selection.shouldStop) {
      if (await hooks.shouldStop()) return { cancelled: true, step: trainer.step };
      const { step, loss } = await trainer.trainStep();
      firstLoss ??= loss;
      const divergence = divergenceOf(loss, firstLoss, trainer.model.vocabSize);
      if (divergence) {
        throw new TrainingJobError('training_diverged', `training diverged at step ${step} (${divergence}): lower hyperparameters.learningRate`);
      }
      await meter.stepDone(step, loss);
      if (step % h.checkpointEvery === 0 && step < h.steps) {
        await writeCheckpoint(await measure());
        meter.restartWindow(step);
        // A checkpoint that ends training early is its last step: reported so the job's progress shows where it stopped.
        if (selection.shouldStop) await meter.stepDone(step, loss, true);
      }
    }
    await hooks.phase('evaluating');
    if (checkpointedStep < trainer.step && trainer.step === h.steps) await writeCheckpoint(await measure());
    const best = selection.bestCheckpoint!;
    selectedTrainer = best.step === trainer.step ? trainer : await resumeTrainer(input, best);
    await input.finish?.(selectedTrainer);
    const { trainLoss, valLoss, validationLoss } = best;
    return {
      cancelled: false,
      step: trainer.step,
      params: model.lora ? undefined : selectedTrainer.currentParams(),
      metrics: { trainLoss, valLoss: valLoss!, valPerplexity: Math.exp(valLoss!), validationLoss: validationLoss ?? null },
      selected: selection.selected(),
    };
  } finally {
    await Promise.all([trainer.release(), evaluator?.release(), selectedTrainer !== trainer ? selectedTrainer?.release() : undefined]);
  }
}
