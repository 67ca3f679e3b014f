import { exportModelDirectory, GptConfig, InferenceModel, initParams, LoadOptions, sessionCache } from '@llmchain/model-runtime';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A small GPT-2 shape for scheduler specs; each spec sizes what it needs over it. */
export const gptConfig = (overrides: Partial<GptConfig>): GptConfig => ({
  vocabSize: 64,
  contextLength: 64,
  nLayer: 2,
  nHead: 2,
  nEmbd: 16,
  positional: 'learned',
  dropout: 0,
  layerNormEps: 1e-5,
  tieEmbeddings: true,
  ...overrides,
});

/**
 * A random-weight model directory written and loaded before the suite's tests and removed after them (its last
 * token is end-of-sequence); the returned function gives the loaded model.
 */
export function randomGptModel(config: GptConfig, seed: number, options: LoadOptions = {}): () => InferenceModel {
  let dir: string;
  let model: InferenceModel;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'serving-engine-'));
    const eos = config.vocabSize - 1;
    exportModelDirectory(dir, { config, params: initParams(config, seed), tokens: { bosTokenId: eos, eosTokenId: eos } });
    model = await InferenceModel.load(dir, options);
  });
  afterAll(async () => {
    await model?.close();
    await sessionCache.clear();
    rmSync(dir, { recursive: true, force: true });
  });
  return () => model;
}
