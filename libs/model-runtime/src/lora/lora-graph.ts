import { AutodiffGraph } from '../autodiff/autodiff-graph';
import { Tensor } from '../autodiff/tensor';
import { TrainingConfigError } from '../errors';
import { loraTargets as decoderLoraModules } from '../inference/export/lora-linear';
import { DecoderModelConfig } from '../model/decoder-model';
import { DropoutSite } from '../model/gpt-graph';
import { LinearAdapter } from '../model/linear-adapter';
import { ModelParams } from '../model/params';
import { Rng } from '../model/rng';
import { LoraAdapter, peftTensorName } from './lora-adapter';
import { modulePathOfWeight } from './module-layout';

/** A LoRA fine-tune's hyper-parameters (PEFT's r, lora_alpha, lora_dropout, target_modules). */
export interface LoraTrainingConfig {
  r: number;
  alpha: number;
  dropout: number;
  /** Module name suffixes to adapt; PEFT's matching: a module's path equals the name or ends with `.name`. */
  targetModules: string[];
}

/** One adapted projection: its base weight's name, PEFT module path and [in, out] widths. */
export interface AdaptedProjection {
  weightName: string;
  modulePath: string;
  inDim: number;
  outDim: number;
}

const matches = (modulePath: string, target: string) => modulePath === target || modulePath.endsWith(`.${target}`);

/** The runtime's weight name of decoder_step's LoRA module `module` (path inside the layer) of layer `layer`. */
function weightNameOf(model: DecoderModelConfig, layer: number, module: string): string {
  return model.architecture === 'gpt2' ? `h.${layer}.${module}.weight` : `model.layers.${layer}.${module}.weight`;
}

/** PEFT's default for these architectures: every attention and MLP projection, by its last path component. */
export function defaultTargetModules(model: DecoderModelConfig): string[] {
  return [...new Set(decoderLoraModules(model).map(({ module }) => module.slice(module.lastIndexOf('.') + 1)))];
}

/**
 * The projections `config.targetModules` selects among those serving can adapt (decoder_step's LoRA inputs), in
 * layer order; a target matching none is an error naming it.
 */
export function adaptedProjections(model: DecoderModelConfig, config: LoraTrainingConfig): AdaptedProjection[] {
  if (!Number.isInteger(config.r) || config.r < 1 || config.r > 1024) throw new TrainingConfigError(`lora rank must be an integer in [1, 1024], got ${config.r}`);
  if (!(config.alpha > 0)) throw new TrainingConfigError(`lora alpha must be positive, got ${config.alpha}`);
  if (!(config.dropout >= 0 && config.dropout < 1)) throw new TrainingConfigError(`lora dropout must be in [0, 1), got ${config.dropout}`);
  if (config.targetModules.length === 0) throw new TrainingConfigError('lora target_modules must name at least one module');
  const projections = decoderLoraModules(model).map(({ layer, module, inFeatures, outFeatures }) => {
    const weightName = weightNameOf(model, layer, module);
    return { weightName, modulePath: modulePathOfWeight(weightName), inDim: inFeatures, outDim: outFeatures };
  });
  for (const target of config.targetModules) {
    if (!projections.some(({ modulePath }) => matches(modulePath, target))) {
      throw new TrainingConfigError(`lora target_modules entry "${target}" matches no projection of this model`);
    }
  }
  return projections.filter(({ modulePath }) => config.targetModules.some((target) => matches(modulePath, target)));
}

/** The adapter's trainable tensors by PEFT name: A [r, in] and B [out, r] per target. */
export function loraParamShapes(targets: AdaptedProjection[], r: number): Map<string, number[]> {
  const shapes = new Map<string, number[]>();
  for (const { modulePath, inDim, outDim } of targets) {
    shapes.set(peftTensorName(modulePath, 'A'), [r, inDim]);
    shapes.set(peftTensorName(modulePath, 'B'), [outDim, r]);
  }
  return shapes;
}

/**
 * PEFT's initialisation: A by kaiming_uniform(a=√5), i.e. U(-1/√in, 1/√in), and B zero, so the adapted model starts
 * exactly as the base.
 */
export function initLoraParams(targets: AdaptedProjection[], r: number, seed: number): ModelParams {
  const rng = new Rng(seed);
  const params: ModelParams = new Map();
  for (const { modulePath, inDim, outDim } of targets) {
    const bound = 1 / Math.sqrt(inDim);
    params.set(peftTensorName(modulePath, 'A'), Float32Array.from({ length: r * inDim }, () => (2 * rng.next() - 1) * bound));
    params.set(peftTensorName(modulePath, 'B'), new Float32Array(outDim * r));
  }
  return params;
}

export const loraDropoutSiteName = (modulePath: string) => `lora_dropout.${modulePath}`;

/** PEFT drops the LoRA path's input per module (each target has its own nn.Dropout), not the base projection's. */
export function loraDropoutSites(targets: AdaptedProjection[], p: number, batch: number, seqLen: number): DropoutSite[] {
  if (p === 0) return [];
  return targets.map(({ modulePath, inDim }) => ({ name: loraDropoutSiteName(modulePath), shape: [batch, seqLen, inDim], p }));
}

/** The forward graphs' hook adding (alpha/r)·dropout(x)·Aᵀ·Bᵀ to each targeted projection's output. */
export function loraLinearAdapter(
  g: AutodiffGraph,
  targets: AdaptedProjection[],
  config: LoraTrainingConfig,
  params: Map<string, Tensor>,
  dropoutMasks?: Map<string, Tensor>,
): LinearAdapter {
  const byWeight = new Map(targets.map((target) => [target.weightName, target]));
  const scale = g.scalar(config.alpha / config.r);
  return (x, y, weightName) => {
    const target = byWeight.get(weightName);
    if (!target) return y;
    const mask = dropoutMasks?.get(loraDropoutSiteName(target.modulePath));
    const input = mask ? g.mul(x, mask) : x;
    const a = params.get(peftTensorName(target.modulePath, 'A'))!;
    const b = params.get(peftTensorName(target.modulePath, 'B'))!;
    return g.add(y, g.mul(g.matmul(g.matmul(input, g.transposeLast(a)), g.transposeLast(b)), scale));
  };
}

/** The trained adapter in PEFT's form, ready for writePeftAdapter. */
export function loraAdapterFromParams(
  targets: AdaptedProjection[],
  config: LoraTrainingConfig,
  params: ReadonlyMap<string, Float32Array>,
  baseModelNameOrPath: string,
): LoraAdapter {
  const weights = new Map<string, { shape: number[]; data: Float32Array }>();
  for (const [name, shape] of loraParamShapes(targets, config.r)) weights.set(name, { shape, data: Float32Array.from(params.get(name)!) });
  return {
    config: { r: config.r, loraAlpha: config.alpha, loraDropout: config.dropout, targetModules: [...config.targetModules], baseModelNameOrPath },
    weights,
  };
}
