import { GptConfig } from '../../model/config';
import { ModelParams, elementCount, paramShapes } from '../../model/params';
import { Rng } from '../../model/rng';

/** A model small enough that tests build, run and reference-check it in milliseconds. */
export function tinyConfig(overrides: Partial<GptConfig> = {}): GptConfig {
  return {
    vocabSize: 40,
    contextLength: 24,
    nLayer: 2,
    nHead: 2,
    nEmbd: 16,
    positional: 'learned',
    dropout: 0,
    layerNormEps: 1e-5,
    tieEmbeddings: true,
    ...overrides,
  };
}

/**
 * Random parameters with non-trivial LayerNorm gains and biases (unlike GPT-2's initialisation,
 * where they are 1 and 0), so a test notices a bias or gain that is wired wrongly.
 */
export function randomParams(config: GptConfig, seed: number, weightStd = 0.3): ModelParams {
  const rng = new Rng(seed);
  const params: ModelParams = new Map();
  for (const [name, shape] of paramShapes(config)) {
    const values = new Float32Array(elementCount(shape));
    const isGain = /ln_\w+\.weight$/.test(name);
    const std = name.endsWith('.bias') ? 0.1 : isGain ? 0.2 : weightStd;
    for (let i = 0; i < values.length; i++) values[i] = (isGain ? 1 : 0) + rng.normal() * std;
    params.set(name, values);
  }
  return params;
}
