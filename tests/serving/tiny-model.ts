import { exportModelDirectory, GptConfig, initParams, tokenizerFilesOf } from '@llmchain/model-runtime';
import { trainBpe } from '@llmchain/tokenizer';
import path from 'node:path';

const CORPUS = [
  'the cat sat on the mat. the dog sat on the log. ',
  'a cat and a dog met on the mat by the log; the cat ran. ',
  'then the dog ran after the cat, and the mat was empty. ',
].join('').repeat(20);

/**
 * Exports a small GPT with random weights and a trained byte-level BPE tokenizer (ChatML template included) into
 * <modelsDir>/<artifactKey>, the way serving finds a model when the blob store has nothing under its key.
 */
export async function exportTinyModel(modelsDir: string, artifactKey: string, overrides: Partial<GptConfig> = {}): Promise<GptConfig> {
  const tokenizer = await trainBpe([CORPUS], { vocabSize: 320, minFrequency: 2 });
  const eos = tokenizer.eosTokenId as number;
  const config: GptConfig = {
    vocabSize: tokenizer.vocabSize,
    contextLength: 128,
    nLayer: 2,
    nHead: 4,
    nEmbd: 32,
    positional: 'learned',
    dropout: 0,
    layerNormEps: 1e-5,
    tieEmbeddings: true,
    ...overrides,
  };
  exportModelDirectory(path.join(modelsDir, artifactKey), {
    config,
    params: initParams(config, 7),
    tokens: { bosTokenId: eos, eosTokenId: eos },
    tokenizer: tokenizerFilesOf(tokenizer),
  });
  return config;
}
