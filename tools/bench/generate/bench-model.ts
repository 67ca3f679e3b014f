import { readFileSync } from 'node:fs';
import { Tokenizer, trainBpe } from '@llmchain/tokenizer';
import {
  GptConfig,
  ModelParams,
  ModelVariant,
  exportModelDirectory,
  initParams,
  tokenizerFilesOf,
} from '../../../libs/model-runtime/src';
import { Trainer } from '../../../libs/model-runtime/src/train/trainer';
import { nowMs } from './timing';

const TOKENIZER_VOCAB = 1024;

/** A realistic small GPT: 4 layers, width 256, 4 heads, 256-token context, over a byte-level BPE vocabulary. */
export function benchConfig(vocabSize: number): GptConfig {
  return {
    vocabSize,
    contextLength: 256,
    nLayer: 4,
    nHead: 4,
    nEmbd: 256,
    positional: 'learned',
    dropout: 0,
    layerNormEps: 1e-5,
    tieEmbeddings: true,
  };
}

export interface BenchCorpus {
  tokenizer: Tokenizer;
  train: Int32Array;
  heldOut: Int32Array;
}

/** Splits the text 90/10, trains libs/tokenizer's BPE on the first part and encodes both. */
export async function loadCorpus(path: string): Promise<BenchCorpus> {
  const text = readFileSync(path, 'utf8');
  const split = Math.floor(text.length * 0.9);
  const tokenizer = await trainBpe([text.slice(0, split)], { vocabSize: TOKENIZER_VOCAB, minFrequency: 2 });
  return {
    tokenizer,
    train: Int32Array.from(tokenizer.encode(text.slice(0, split))),
    heldOut: Int32Array.from(tokenizer.encode(text.slice(split))),
  };
}

/**
 * Briefly trained weights (so perplexity means something and quantization error shows in it);
 * with 0 steps, GPT-2's random initialisation.
 */
export async function benchWeights(
  config: GptConfig,
  train: Int32Array,
  steps: number,
): Promise<{ params: ModelParams; finalLoss: number; trainSeconds: number }> {
  const initial = initParams(config, 1234);
  if (steps === 0) return { params: initial, finalLoss: NaN, trainSeconds: 0 };
  const start = nowMs();
  const trainer = await Trainer.create(
    config,
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

export function exportBenchModel(
  dir: string,
  config: GptConfig,
  tokenizer: Tokenizer,
  params: ModelParams,
  variants: ModelVariant[],
): void {
  const eos = tokenizer.eosTokenId ?? config.vocabSize - 1;
  exportModelDirectory(dir, {
    config,
    params,
    tokens: { bosTokenId: eos, eosTokenId: eos },
    variants,
    tokenizer: tokenizerFilesOf(tokenizer),
  });
}
