import { GptConfig } from '../../model/config';
import { ModelParams } from '../../model/params';
import { Rng } from '../../model/rng';
import { LoraAdapter } from '../../lora/lora-adapter';

/** GPT-2's LoRA-targetable linear layers (Conv1D, weight [in, out]) by their path below `h.<layer>`. */
export function gptLinearShapes(config: GptConfig): Record<string, [number, number]> {
  const d = config.nEmbd;
  return { 'attn.c_attn': [d, 3 * d], 'attn.c_proj': [d, d], 'mlp.c_fc': [d, 4 * d], 'mlp.c_proj': [4 * d, d] };
}

const peftName = (layer: number, module: string, side: 'A' | 'B') =>
  `base_model.model.transformer.h.${layer}.${module}.lora_${side}.weight`;

/** A PEFT adapter for a GPT-2 model with random, nonzero A and B (PEFT would start B at zero), named as PEFT saves. */
export function randomPeftAdapter(config: GptConfig, options: { r: number; alpha: number; modules: string[]; seed: number }): LoraAdapter {
  const rng = new Rng(options.seed);
  const shapes = gptLinearShapes(config);
  const weights = new Map<string, { shape: number[]; data: Float32Array }>();
  const random = (shape: number[]) => ({ shape, data: Float32Array.from({ length: shape[0] * shape[1] }, () => rng.normal() * 0.2) });
  for (let layer = 0; layer < config.nLayer; layer++) {
    for (const module of options.modules) {
      const [inFeatures, outFeatures] = shapes[module];
      weights.set(peftName(layer, module, 'A'), random([options.r, inFeatures]));
      weights.set(peftName(layer, module, 'B'), random([outFeatures, options.r]));
    }
  }
  return {
    config: { r: options.r, loraAlpha: options.alpha, loraDropout: 0, targetModules: options.modules, baseModelNameOrPath: 'gpt2-test' },
    weights,
  };
}

/**
 * The merged model, computed independently of the serving path (float64 sums straight from PEFT's layout):
 * W[i][o] += alpha/r · Σk A[k][i] · B[o][k] for each targeted Conv1D weight W [in, out].
 */
export function mergeGptAdapter(config: GptConfig, params: ModelParams, adapter: LoraAdapter): ModelParams {
  const merged: ModelParams = new Map([...params].map(([name, value]) => [name, Float32Array.from(value)]));
  const { r, loraAlpha } = adapter.config;
  for (const [module, [inFeatures, outFeatures]] of Object.entries(gptLinearShapes(config))) {
    for (let layer = 0; layer < config.nLayer; layer++) {
      const a = adapter.weights.get(peftName(layer, module, 'A'))?.data;
      const b = adapter.weights.get(peftName(layer, module, 'B'))?.data;
      if (!a || !b) continue;
      const weight = merged.get(`h.${layer}.${module}.weight`) as Float32Array;
      for (let i = 0; i < inFeatures; i++) {
        for (let o = 0; o < outFeatures; o++) {
          let sum = 0;
          for (let k = 0; k < r; k++) sum += a[k * inFeatures + i] * b[o * r + k];
          weight[i * outFeatures + o] += (loraAlpha / r) * sum;
        }
      }
    }
  }
  return merged;
}
