import { readFileSync } from 'node:fs';
import { CorruptCheckpointError } from '../errors';
import { writeFileAtomic } from '../model/atomic-write';
import { GptConfig, validateConfig } from '../model/config';
import { elementCount, ModelParams, paramShapes } from '../model/params';
import { decodeSafetensors, encodeSafetensors } from '../model/safetensors';
import { SamplerState } from './batch-sampler';
import { momentName, velocityName } from './state-names';
import { trainableParamNames, TrainingOptions, validateTrainingOptions } from './training-options';

/** Everything a training run needs to continue exactly where it stopped. */
export interface CheckpointData {
  config: GptConfig;
  options: TrainingOptions;
  /** Optimizer steps completed; the learning-rate schedule position follows from it. */
  step: number;
  /** Learning rate of the last completed step, kept for inspection. */
  lastLr: number;
  params: ModelParams;
  /** Adam first and second moments of the trainable parameters. */
  moments: ModelParams;
  velocities: ModelParams;
  sampler: SamplerState;
  dropoutRngState: number;
}

const STATE_KEY = 'llmchain.checkpoint';
const FORMAT_VERSION = 1;

/** Writes a checkpoint as one safetensors file (tensors + JSON state in the metadata), atomically. */
export function saveCheckpoint(path: string, data: CheckpointData): void {
  const tensors = new Map<string, { shape: number[]; data: Float32Array }>();
  const shapes = paramShapes(data.config);
  for (const [name, shape] of shapes) tensors.set(name, { shape, data: data.params.get(name)! });
  for (const name of trainableParamNames(data.config, data.options)) {
    const shape = shapes.get(name)!;
    tensors.set(momentName(name), { shape, data: data.moments.get(name)! });
    tensors.set(velocityName(name), { shape, data: data.velocities.get(name)! });
  }
  const state = {
    version: FORMAT_VERSION,
    config: data.config,
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
  try {
    state = JSON.parse(content.metadata[STATE_KEY] ?? 'null');
    if (state?.version !== FORMAT_VERSION) throw new Error(`unknown checkpoint format ${state?.version}`);
    validateConfig(state.config);
    validateTrainingOptions(state.config, state.options);
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
  const shapes = paramShapes(state.config);
  const params: ModelParams = new Map();
  const moments: ModelParams = new Map();
  const velocities: ModelParams = new Map();
  for (const [name, shape] of shapes) params.set(name, take(name, shape));
  for (const name of trainableParamNames(state.config, state.options)) {
    moments.set(name, take(momentName(name), shapes.get(name)!));
    velocities.set(name, take(velocityName(name), shapes.get(name)!));
  }
  return {
    config: state.config,
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
