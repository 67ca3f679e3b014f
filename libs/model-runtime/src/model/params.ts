import { GptConfig, validateConfig } from './config';
import { Rng } from './rng';

/** Parameters by GPT-2 / Hugging Face name (Conv1D layout: linear weights are [in, out]). */
export type ModelParams = Map<string, Float32Array>;

const INIT_STD = 0.02;

/** Names and shapes of every parameter, in a fixed order (embeddings, blocks, final LayerNorm). */
export function paramShapes(config: GptConfig): Map<string, number[]> {
  validateConfig(config);
  const d = config.nEmbd;
  const shapes = new Map<string, number[]>();
  shapes.set('wte.weight', [config.vocabSize, d]);
  if (config.positional === 'learned') shapes.set('wpe.weight', [config.contextLength, d]);
  for (let i = 0; i < config.nLayer; i++) {
    const h = `h.${i}`;
    shapes.set(`${h}.ln_1.weight`, [d]);
    shapes.set(`${h}.ln_1.bias`, [d]);
    shapes.set(`${h}.attn.c_attn.weight`, [d, 3 * d]);
    shapes.set(`${h}.attn.c_attn.bias`, [3 * d]);
    shapes.set(`${h}.attn.c_proj.weight`, [d, d]);
    shapes.set(`${h}.attn.c_proj.bias`, [d]);
    shapes.set(`${h}.ln_2.weight`, [d]);
    shapes.set(`${h}.ln_2.bias`, [d]);
    shapes.set(`${h}.mlp.c_fc.weight`, [d, 4 * d]);
    shapes.set(`${h}.mlp.c_fc.bias`, [4 * d]);
    shapes.set(`${h}.mlp.c_proj.weight`, [4 * d, d]);
    shapes.set(`${h}.mlp.c_proj.bias`, [d]);
  }
  shapes.set('ln_f.weight', [d]);
  shapes.set('ln_f.bias', [d]);
  return shapes;
}

export function elementCount(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/**
 * GPT-2 initialisation: weights ~ N(0, 0.02), residual output projections scaled by 1/sqrt(2 * nLayer) (so the
 * residual stream's variance does not grow with depth), biases 0, LayerNorm gains 1.
 */
export function initParams(config: GptConfig, seed: number): ModelParams {
  const rng = new Rng(seed);
  const params: ModelParams = new Map();
  const residualStd = INIT_STD / Math.sqrt(2 * config.nLayer);
  for (const [name, shape] of paramShapes(config)) {
    const values = new Float32Array(elementCount(shape));
    if (/ln_\w+\.weight$/.test(name)) {
      values.fill(1);
    } else if (name.endsWith('.weight')) {
      const std = name.endsWith('c_proj.weight') ? residualStd : INIT_STD;
      for (let i = 0; i < values.length; i++) values[i] = rng.normal() * std;
    }
    params.set(name, values);
  }
  return params;
}
