import { readFileSync } from 'node:fs';
import { CorruptCheckpointError } from '../errors';
import { writeFileAtomic } from '../model/atomic-write';
import { elementCount, ModelParams } from '../model/params';
import { decodeSafetensors, encodeSafetensors } from '../model/safetensors';
import { SamplerState } from './batch-sampler';
import { momentName, velocityName } from './state-names';
import { TrainingModelSpec, trainingModel } from './training-model';
import { trainableParamNames, TrainingOptions, validateTrainingOptions } from './training-options';

/** Everything a training run needs to continue exactly where it stopped (a LoRA run's frozen base aside). */
export interface CheckpointData {
  spec: TrainingModelSpec;
  options: TrainingOptions;
  /** Optimizer steps completed; the learning-rate schedule position follows from it. */
  step: number;
  /** Learning rate of the last completed step, kept for inspection. */
  lastLr: number;
  /** The model's checkpointed parameters: all of them, or only the adapter's with LoRA. */
  params: ModelParams;
  /** Adam first and second moments of the trainable parameters. */
  moments: ModelParams;
  velocities: ModelParams;
  sampler: SamplerState;
  dropoutRngState: number;
}

const STATE_KEY = 'llmchain.checkpoint';
/** Version 1 held a GPT-2 config (`config`); version 2 holds a TrainingModelSpec (`spec`). Both load. */
const FORMAT_VERSION = 2;

/** Writes a checkpoint as one safetensors file (tensors + JSON state in the metadata), atomically. */
export function saveCheckpoint(path: string, data: CheckpointData): void {
  const model = trainingModel(data.spec);
  const tensors = new Map<string, { shape: number[]; data: Float32Array }>();
  for (const name of model.checkpointedNames) tensors.set(name, { shape: model.paramShapes.get(name)!, data: data.params.get(name)! });
  for (const name of trainableParamNames(model, data.options)) {
    const shape = model.paramShapes.get(name)!;
    tensors.set(momentName(name), { shape, data: data.moments.get(name)! });
    tensors.set(velocityName(name), { shape, data: data.velocities.get(name)! });
  }
  const state = {
    version: FORMAT_VERSION,
    spec: data.spec,
    options: data.options,
    step: data.step,
    lastLr: data.lastLr,
    sampler: data.sampler,
    dropoutRngState: data.dropoutRngState,
  };
  writeFileAtomic(path, encodeSafetensors({ tensors, metadata: { [STATE_KEY]: JSON.stringify(state) } }));
}

/** Reads a checkpoint; a missing, truncated, altered or inconsistent file is a CorruptCheckpointError. */
export function loadCheckpoint(path: string): CheckpointData {
  let content;
  try {
    content = decodeSafetensors(readFileSync(path));
  } catch (error) {
    throw new CorruptCheckpointError(path, (error as Error).message);
  }
  let state;
  let model;
  try {
    state = JSON.parse(content.metadata[STATE_KEY] ?? 'null');
    if (state?.version === 1) state.spec = { model: { architecture: 'gpt2', config: state.config } };
    else if (state?.version !== FORMAT_VERSION) throw new Error(`unknown checkpoint format ${state?.version}`);
    model = trainingModel(state.spec);
    validateTrainingOptions(model, state.options);
    if (!Number.isInteger(state.step) || state.step < 0) throw new Error(`step ${state.step} is not a step count`);
  } catch (error) {
    throw new CorruptCheckpointError(path, `state is unreadable (${(error as Error).message})`);
  }
  const take = (name: string, shape: number[]) => {
    const tensor = content.tensors.get(name);
    if (!tensor || tensor.data.length !== elementCount(shape)) {
      throw new CorruptCheckpointError(path, `tensor ${name} is missing or not of shape [${shape}]`);
    }
    return tensor.data;
  };
  const params: ModelParams = new Map();
  const moments: ModelParams = new Map();
  const velocities: ModelParams = new Map();
  for (const name of model.checkpointedNames) params.set(name, take(name, model.paramShapes.get(name)!));
  for (const name of trainableParamNames(model, state.options)) {
    moments.set(name, take(momentName(name), model.paramShapes.get(name)!));
    velocities.set(name, take(velocityName(name), model.paramShapes.get(name)!));
  }
  return {
    spec: state.spec,
    options: state.options,
    step: state.step,
    lastLr: state.lastLr,
    params,
    moments,
    velocities,
    sampler: state.sampler,
    dropoutRngState: state.dropoutRngState,
  };
}
