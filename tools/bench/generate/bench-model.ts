import { readFileSync } from 'node:fs';
import {
  GptConfig,
  ModelParams,
  ModelVariant,
  exportModelDirectory,
  initParams,
} from '../../../libs/model-runtime/src';
import { Trainer } from '../../../libs/model-runtime/src/train/trainer';
import {
  BYTE_LEVEL_VOCAB_SIZE,
  END_OF_TEXT_ID,
  byteLevelTokenizerFiles,
} from '../../../libs/model-runtime/src/inference/testing/byte-level-tokenizer';
import { nowMs } from './timing';

/** A realistic small GPT over bytes: 4 layers, width 256, 4 heads, 256-token context. */
export const BENCH_CONFIG: GptConfig = {
  vocabSize: BYTE_LEVEL_VOCAB_SIZE,
  contextLength: 256,
  nLayer: 4,
  nHead: 4,
  nEmbd: 256,
  positional: 'learned',
  dropout: 0,
  layerNormEps: 1e-5,
  tieEmbeddings: true,
};

/** Corpus bytes split 90/10 into training and held-out tokens. */
export function loadCorpus(path: string): { train: Int32Array; heldOut: Int32Array } {
  const bytes = readFileSync(path);
  const split = Math.floor(bytes.length * 0.9);
  return { train: Int32Array.from(bytes.subarray(0, split)), heldOut: Int32Array.from(bytes.subarray(split)) };
}

/**
 * Briefly trained weights (so perplexity means something and quantization error shows in it);
 * with 0 steps, GPT-2's random initialisation.
 */
export async function benchWeights(
  train: Int32Array,
  steps: number,
): Promise<{ params: ModelParams; finalLoss: number; trainSeconds: number }> {
  const initial = initParams(BENCH_CONFIG, 1234);
  if (steps === 0) return { params: initial, finalLoss: NaN, trainSeconds: 0 };
  const start = nowMs();
  const trainer = await Trainer.create(
    BENCH_CONFIG,
    { batchSize: 8, seqLen: 64, schedule: { maxLr: 2e-3, minLr: 2e-4, warmupSteps: 10, decaySteps: steps } },
    train,
    initial,
  );
  let finalLoss = NaN;
  for (let i = 0; i < steps; i++) finalLoss = (await trainer.trainStep()).loss;
  const params = trainer.currentParams();
  await trainer.release();
  return { params, finalLoss, trainSeconds: (nowMs() - start) / 1000 };
}

export function exportBenchModel(dir: string, params: ModelParams, variants: ModelVariant[]): void {
  exportModelDirectory(dir, {
    config: BENCH_CONFIG,
    params,
    tokens: { bosTokenId: END_OF_TEXT_ID, eosTokenId: END_OF_TEXT_ID },
    variants,
    tokenizer: byteLevelTokenizerFiles(BENCH_CONFIG.contextLength),
  });
}
