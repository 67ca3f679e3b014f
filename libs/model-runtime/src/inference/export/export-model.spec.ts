import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { CorruptModelError } from '../../errors';
import { saveWeights } from '../../model/weights-file';
import { readModelConfig } from '../model-directory/model-directory';
import { InferenceModel } from '../session/inference-model';
import { sessionCache } from '../session/session-cache';
import { temporaryDirectory } from '../testing/model-directory-fixture';
import { referenceLogits } from '../testing/reference-forward';
import { randomParams, tinyConfig } from '../testing/tiny-model';
import { wholeSequenceLogits } from '../testing/whole-sequence-logits';
import { exportWeightsFile } from './export-model';

describe('exportWeightsFile', () => {
  afterAll(() => sessionCache.clear());

  it('turns a saved model.safetensors into a model directory that computes the same logits', async () => {
    const config = tinyConfig({ positional: 'sinusoidal' });
    const params = randomParams(config, 17);
    const { dir, remove } = temporaryDirectory();
    try {
      const weights = path.join(dir, 'model.safetensors');
      saveWeights(weights, config, params);
      const modelDir = path.join(dir, 'exported');
      exportWeightsFile(weights, modelDir, { tokens: { bosTokenId: 0, eosTokenId: 1 } });
      expect(readModelConfig(modelDir)).toEqual({ model: { architecture: 'gpt2', config }, tokens: { bosTokenId: 0, eosTokenId: 1 } });
      const ids = [3, 9, 27, 1, 0];
      const logits = await wholeSequenceLogits(await InferenceModel.load(modelDir), [ids]);
      const expected = referenceLogits(config, params, ids);
      expect(logits.reduce((max, v, i) => Math.max(max, Math.abs(v - expected[i])), 0)).toBeLessThan(1e-4);
    } finally {
      remove();
    }
  });

  it('refuses a corrupt weights file by name', () => {
    const { dir, remove } = temporaryDirectory();
    try {
      const weights = path.join(dir, 'model.safetensors');
      writeFileSync(weights, Buffer.from([1, 2, 3]));
      expect(() => exportWeightsFile(weights, path.join(dir, 'out'), { tokens: { bosTokenId: 0, eosTokenId: 0 } })).toThrow(
        CorruptModelError,
      );
    } finally {
      remove();
    }
  });
});
