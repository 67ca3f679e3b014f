import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../model/atomic-write';
import { decodeSafetensors, encodeSafetensors } from '../model/safetensors';
import { AdapterFormatError, adapterModules, LoraAdapter, LoraTensor, validateLoraAdapter } from './lora-adapter';
import { isConv1dModule } from './module-layout';

export const ADAPTER_CONFIG_FILE = 'adapter_config.json';
export const ADAPTER_WEIGHTS_FILE = 'adapter_model.safetensors';

const MAX_CONFIG_BYTES = 1 << 20;
/** A rank-64 adapter on every projection of an 8B model is about 0.7 GB in F32. */
export const DEFAULT_MAX_ADAPTER_BYTES = 2 ** 31;

/** Options of PEFT's LoraConfig that change what the weights mean; an adapter using them would be misapplied here. */
const UNSUPPORTED: [field: string, isSet: (value: unknown) => boolean, why: string][] = [
  ['use_rslora', (v) => v === true, 'rank-stabilised scaling (alpha/sqrt(r)) is not supported'],
  ['use_dora', (v) => v === true, 'DoRA adapters are not supported'],
  ['rank_pattern', (v) => v != null && Object.keys(v as object).length > 0, 'per-module ranks are not supported'],
  ['alpha_pattern', (v) => v != null && Object.keys(v as object).length > 0, 'per-module alphas are not supported'],
  ['modules_to_save', (v) => Array.isArray(v) && v.length > 0, 'fully trained extra modules are not supported'],
  ['layers_to_transform', (v) => v != null, 'layer selection is not supported; list the adapted modules in the weights'],
];

function readBounded(path: string, maxBytes: number, field: string): Buffer {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    throw new AdapterFormatError(field, `file is missing (${path})`);
  }
  if (size > maxBytes) throw new AdapterFormatError(field, `is ${size} bytes, more than the limit of ${maxBytes}`);
  return readFileSync(path);
}

/**
 * Reads a PEFT LoRA adapter directory (adapter_config.json + adapter_model.safetensors, F32) as PEFT's
 * `save_pretrained` writes it. Anything PEFT would not have written, or options whose meaning this runtime does not
 * implement, is an AdapterFormatError naming the field or tensor.
 */
export function readPeftAdapter(dir: string, options: { maxBytes?: number } = {}): LoraAdapter {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_ADAPTER_BYTES;
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(readBounded(join(dir, ADAPTER_CONFIG_FILE), MAX_CONFIG_BYTES, ADAPTER_CONFIG_FILE).toString('utf8'));
  } catch (error) {
    if (error instanceof AdapterFormatError) throw error;
    throw new AdapterFormatError(ADAPTER_CONFIG_FILE, 'is not valid JSON');
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new AdapterFormatError(ADAPTER_CONFIG_FILE, 'is not a JSON object');
  if (raw.peft_type !== 'LORA') throw new AdapterFormatError('peft_type', `must be "LORA", got ${JSON.stringify(raw.peft_type)}`);
  if (raw.task_type !== undefined && raw.task_type !== null && raw.task_type !== 'CAUSAL_LM') {
    throw new AdapterFormatError('task_type', `must be "CAUSAL_LM", got ${JSON.stringify(raw.task_type)}`);
  }
  if (raw.bias !== undefined && raw.bias !== 'none') throw new AdapterFormatError('bias', `must be "none", got ${JSON.stringify(raw.bias)}`);
  for (const [field, isSet, why] of UNSUPPORTED) if (isSet(raw[field])) throw new AdapterFormatError(field, why);
  if (typeof raw.target_modules === 'string') {
    throw new AdapterFormatError('target_modules', 'a regular expression is not supported; list the module names');
  }

  let content;
  try {
    content = decodeSafetensors(readBounded(join(dir, ADAPTER_WEIGHTS_FILE), maxBytes, ADAPTER_WEIGHTS_FILE));
  } catch (error) {
    if (error instanceof AdapterFormatError) throw error;
    throw new AdapterFormatError(ADAPTER_WEIGHTS_FILE, (error as Error).message);
  }
  const adapter: LoraAdapter = {
    config: {
      r: raw.r as number,
      loraAlpha: raw.lora_alpha as number,
      loraDropout: (raw.lora_dropout ?? 0) as number,
      targetModules: raw.target_modules as string[],
      baseModelNameOrPath: typeof raw.base_model_name_or_path === 'string' ? raw.base_model_name_or_path : '',
    },
    weights: content.tensors as Map<string, LoraTensor>,
  };
  validateLoraAdapter(adapter);
  const fanInFanOut = adapterModules(adapter).some(({ modulePath }) => isConv1dModule(modulePath));
  if (raw.fan_in_fan_out !== undefined && raw.fan_in_fan_out !== fanInFanOut) {
    throw new AdapterFormatError('fan_in_fan_out', `must be ${fanInFanOut} for modules of this architecture`);
  }
  return adapter;
}

/**
 * Writes `adapter` as PEFT's `save_pretrained` does, so `PeftModel.from_pretrained(base, dir)` loads it: the config
 * with PEFT's field names and defaults, and the weights in F32 under PEFT's names. Each file is written atomically.
 */
export function writePeftAdapter(dir: string, adapter: LoraAdapter): void {
  validateLoraAdapter(adapter);
  const { config } = adapter;
  const peftConfig = {
    alpha_pattern: {},
    auto_mapping: null,
    base_model_name_or_path: config.baseModelNameOrPath,
    bias: 'none',
    fan_in_fan_out: adapterModules(adapter).some(({ modulePath }) => isConv1dModule(modulePath)),
    inference_mode: true,
    init_lora_weights: true,
    layers_pattern: null,
    layers_to_transform: null,
    lora_alpha: config.loraAlpha,
    lora_dropout: config.loraDropout,
    modules_to_save: null,
    peft_type: 'LORA',
    r: config.r,
    rank_pattern: {},
    revision: null,
    target_modules: [...config.targetModules],
    task_type: 'CAUSAL_LM',
    use_dora: false,
    use_rslora: false,
  };
  mkdirSync(dir, { recursive: true });
  writeFileAtomic(join(dir, ADAPTER_WEIGHTS_FILE), encodeSafetensors({ tensors: adapter.weights, metadata: { format: 'pt' } }));
  writeFileAtomic(join(dir, ADAPTER_CONFIG_FILE), [new TextEncoder().encode(`${JSON.stringify(peftConfig, null, 2)}\n`)]);
}
