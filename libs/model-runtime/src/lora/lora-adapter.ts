import { ModelRuntimeError } from '../errors';

/** The adapter's hyper-parameters, as PEFT's LoraConfig names them (camelCase here, snake_case on disk). */
export interface LoraAdapterConfig {
  r: number;
  loraAlpha: number;
  loraDropout: number;
  /** Module name suffixes the adapter applies to (PEFT matches `target_modules` against the end of module paths). */
  targetModules: string[];
  baseModelNameOrPath: string;
}

export interface LoraTensor {
  shape: number[];
  data: Float32Array;
}

/** A LoRA adapter: its config and its weights by PEFT tensor name (`<prefix>.<module>.lora_A.weight` [r, in], `lora_B` [out, r]). */
export interface LoraAdapter {
  config: LoraAdapterConfig;
  weights: Map<string, LoraTensor>;
}

/** An adapter file or config that PEFT would not have written or that does not fit its base; `field` names the culprit. */
export class AdapterFormatError extends ModelRuntimeError {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super('ADAPTER_INVALID', `${field}: ${message}`);
  }
}

/** PEFT wraps the model twice (PeftModel.base_model = LoraModel, LoraModel.model = the transformers model). */
const PEFT_PREFIX = 'base_model.model.';
const PEFT_NAME = /^base_model\.model\.(.+)\.lora_([AB])\.weight$/;

/** The PEFT tensor name of module `modulePath`'s (a transformers module path, e.g. `model.layers.0.self_attn.q_proj`) A or B matrix. */
export function peftTensorName(modulePath: string, matrix: 'A' | 'B'): string {
  return `${PEFT_PREFIX}${modulePath}.lora_${matrix}.weight`;
}

/** Splits a PEFT tensor name into the module it adapts and which matrix it is; undefined when it is not a LoRA weight. */
export function parsePeftTensorName(name: string): { modulePath: string; matrix: 'A' | 'B' } | undefined {
  const match = PEFT_NAME.exec(name);
  return match ? { modulePath: match[1], matrix: match[2] as 'A' | 'B' } : undefined;
}

/** The factor PEFT multiplies B·A by (without rsLoRA): alpha / r. */
export function loraScale(config: LoraAdapterConfig): number {
  return config.loraAlpha / config.r;
}

/** Module paths of the adapter, each with its A [r, in] and B [out, r], in the order of the weights map. */
export function adapterModules(adapter: LoraAdapter): { modulePath: string; a: LoraTensor; b: LoraTensor }[] {
  const paths = new Set<string>();
  for (const name of adapter.weights.keys()) {
    const parsed = parsePeftTensorName(name);
    if (!parsed) throw new AdapterFormatError(name, 'is not a LoRA weight name (base_model.model.<module>.lora_A|lora_B.weight)');
    paths.add(parsed.modulePath);
  }
  return [...paths].map((modulePath) => {
    const a = adapter.weights.get(peftTensorName(modulePath, 'A'));
    const b = adapter.weights.get(peftTensorName(modulePath, 'B'));
    if (!a || !b) throw new AdapterFormatError(modulePath, 'has only one of lora_A and lora_B');
    return { modulePath, a, b };
  });
}

/** Checks the config and that every weight pair has the shapes [r, in] and [out, r]; throws AdapterFormatError. */
export function validateLoraAdapter(adapter: LoraAdapter): void {
  const { config } = adapter;
  if (!Number.isInteger(config.r) || config.r < 1 || config.r > 4096) throw new AdapterFormatError('r', `must be an integer in [1, 4096], got ${config.r}`);
  if (!(Number.isFinite(config.loraAlpha) && config.loraAlpha > 0)) {
    throw new AdapterFormatError('lora_alpha', `must be a positive number, got ${config.loraAlpha}`);
  }
  if (!(config.loraDropout >= 0 && config.loraDropout < 1)) {
    throw new AdapterFormatError('lora_dropout', `must be in [0, 1), got ${config.loraDropout}`);
  }
  if (!Array.isArray(config.targetModules) || config.targetModules.length === 0 || config.targetModules.some((m) => typeof m !== 'string' || m === '')) {
    throw new AdapterFormatError('target_modules', 'must be a non-empty list of module names');
  }
  const modules = adapterModules(adapter);
  if (modules.length === 0) throw new AdapterFormatError('adapter_model.safetensors', 'holds no LoRA weights');
  for (const { modulePath, a, b } of modules) {
    if (!config.targetModules.some((target) => modulePath === target || modulePath.endsWith(`.${target}`))) {
      throw new AdapterFormatError(modulePath, `is not one of target_modules [${config.targetModules}]`);
    }
    if (a.shape.length !== 2 || a.shape[0] !== config.r) {
      throw new AdapterFormatError(peftTensorName(modulePath, 'A'), `has shape [${a.shape}], expected [r=${config.r}, in]`);
    }
    if (b.shape.length !== 2 || b.shape[1] !== config.r) {
      throw new AdapterFormatError(peftTensorName(modulePath, 'B'), `has shape [${b.shape}], expected [out, r=${config.r}]`);
    }
    for (const [matrix, tensor] of [['A', a], ['B', b]] as const) {
      if (tensor.data.length !== tensor.shape[0] * tensor.shape[1]) {
        throw new AdapterFormatError(peftTensorName(modulePath, matrix), `holds ${tensor.data.length} values for shape [${tensor.shape}]`);
      }
    }
  }
}
