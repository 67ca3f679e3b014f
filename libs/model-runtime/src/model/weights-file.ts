import { readFileSync } from 'node:fs';
import { CorruptModelError, ModelConfigError } from '../errors';
import { writeFileAtomic } from './atomic-write';
import { GptConfig, validateConfig } from './config';
import { elementCount, ModelParams, paramShapes } from './params';
import { decodeSafetensors, encodeSafetensors } from './safetensors';

const CONFIG_KEY = 'llmchain.gpt_config';

/** Writes `model.safetensors`-style weights (Hugging Face GPT2 names) with the config in the metadata, atomically. */
export function saveWeights(path: string, config: GptConfig, params: ModelParams): void {
  const shapes = paramShapes(config);
  const tensors = new Map<string, { shape: number[]; data: Float32Array }>();
  for (const [name, shape] of shapes) {
    const data = params.get(name);
    if (!data || data.length !== elementCount(shape)) {
      throw new ModelConfigError(`parameter ${name} is missing or does not have shape [${shape}]`);
    }
    tensors.set(name, { shape, data });
  }
  writeFileAtomic(path, encodeSafetensors({ tensors, metadata: { format: 'pt', [CONFIG_KEY]: JSON.stringify(config) } }));
}

/** Reads weights written by saveWeights; anything unreadable or inconsistent with its config is a CorruptModelError. */
export function loadWeights(path: string): { config: GptConfig; params: ModelParams } {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new CorruptModelError(path, `cannot be read (${(error as Error).message})`);
  }
  let content;
  try {
    content = decodeSafetensors(bytes);
  } catch (error) {
    throw new CorruptModelError(path, (error as Error).message);
  }
  const configText = content.metadata[CONFIG_KEY];
  if (configText === undefined) throw new CorruptModelError(path, `metadata has no ${CONFIG_KEY}`);
  let config: GptConfig;
  try {
    config = JSON.parse(configText) as GptConfig;
    validateConfig(config);
  } catch (error) {
    throw new CorruptModelError(path, `stored config is invalid (${(error as Error).message})`);
  }
  const params: ModelParams = new Map();
  for (const [name, shape] of paramShapes(config)) {
    const tensor = content.tensors.get(name);
    if (!tensor || tensor.shape.join(',') !== shape.join(',')) {
      throw new CorruptModelError(path, `parameter ${name} is missing or does not have shape [${shape}]`);
    }
    params.set(name, tensor.data);
  }
  return { config, params };
}
