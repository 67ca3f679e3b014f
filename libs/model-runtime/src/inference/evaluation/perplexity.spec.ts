import { InvalidInputError } from '../../errors';
import { InferenceModel } from '../session/inference-model';
import { sessionCache } from '../session/session-cache';
import { exportTestModel, temporaryDirectory } from '../testing/model-directory-fixture';
import { referenceLogits } from '../testing/reference-forward';
import { randomParams, tinyConfig } from '../testing/tiny-model';
import { perplexity } from './perplexity';

describe('perplexity', () => {
  const config = tinyConfig();
  const params = randomParams(config, 13);
  const tokens = [4, 8, 15, 16, 23, 0, 39, 1, 2, 3, 5, 7, 11];
  let model: InferenceModel;
  let remove: () => void;
  beforeAll(async () => {
    const fixture = temporaryDirectory();
    remove = fixture.remove;
    exportTestModel(fixture.dir, config, params);
    model = await InferenceModel.load(fixture.dir);
  });
  afterAll(async () => {
    await sessionCache.clear();
    remove();
  });

  it('is exp of the mean next-token cross-entropy over whole windows', async () => {
    const windowLength = 6; // two windows; the last token is left over
    let total = 0;
    for (const start of [0, 6]) {
      const window = tokens.slice(start, start + windowLength);
      const logits = referenceLogits(config, params, window);
      for (let t = 0; t < windowLength - 1; t++) {
        const row = logits.subarray(t * config.vocabSize, (t + 1) * config.vocabSize);
        const logSumExp = Math.log(row.reduce((sum, v) => sum + Math.exp(v), 0));
        total += logSumExp - row[window[t + 1]];
      }
    }
    const result = await perplexity(model, tokens, windowLength);
    expect(result.tokens).toBe(10);
    expect(result.loss).toBeCloseTo(total / 10, 4);
    expect(result.perplexity).toBeCloseTo(Math.exp(total / 10), 3);
  });

  it('refuses windows that do not fit', async () => {
    await expect(perplexity(model, tokens, config.contextLength + 1)).rejects.toThrow(InvalidInputError);
    await expect(perplexity(model, tokens.slice(0, 3), 4)).rejects.toThrow(/at least one window/);
  });
});
