import { ModelConfigError } from '../errors';

/** Hyper-parameters of a decoder-only GPT-2 family transformer. */
export interface GptConfig {
  vocabSize: number;
  contextLength: number;
  nLayer: number;
  nHead: number;
  nEmbd: number;
  positional: 'learned' | 'sinusoidal';
  /** Dropout probability used while training; forward passes for evaluation and inference use none. */
  dropout: number;
  layerNormEps: number;
  tieEmbeddings: true;
}

export const DEFAULT_LAYER_NORM_EPS = 1e-5;

function requirePositiveInteger(config: GptConfig, key: 'vocabSize' | 'contextLength' | 'nLayer' | 'nHead' | 'nEmbd'): void {
  const value = config[key];
  if (!Number.isInteger(value) || value < 1) {
    throw new ModelConfigError(`${key} must be a positive integer, got ${value}`);
  }
}

/** Throws a ModelConfigError naming the first field that keeps `config` from forming a model. */
export function validateConfig(config: GptConfig): void {
  for (const key of ['vocabSize', 'contextLength', 'nLayer', 'nHead', 'nEmbd'] as const) {
    requirePositiveInteger(config, key);
  }
  if (config.nEmbd % config.nHead !== 0) {
    throw new ModelConfigError(`nEmbd (${config.nEmbd}) must be divisible by nHead (${config.nHead})`);
  }
  if (config.positional !== 'learned' && config.positional !== 'sinusoidal') {
    throw new ModelConfigError(`positional must be 'learned' or 'sinusoidal', got ${String(config.positional)}`);
  }
  if (!(config.dropout >= 0 && config.dropout < 1)) {
    throw new ModelConfigError(`dropout must be in [0, 1), got ${config.dropout}`);
  }
  if (!(config.layerNormEps > 0)) {
    throw new ModelConfigError(`layerNormEps must be positive, got ${config.layerNormEps}`);
  }
  if (config.tieEmbeddings !== true) {
    throw new ModelConfigError('tieEmbeddings must be true: the LM head is the transposed token embedding');
  }
}

export function headDim(config: GptConfig): number {
  return config.nEmbd / config.nHead;
}
