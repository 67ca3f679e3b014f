import { forwardLogits } from '../../model/forward-logits';
import { HuggingFaceGraphSession } from '../session/hugging-face-graph';
import { InferenceModel } from '../session/inference-model';
import { sessionCache } from '../session/session-cache';
import { exportTestModel, temporaryDirectory } from '../testing/model-directory-fixture';
import { randomParams, tinyConfig } from '../testing/tiny-model';
import { wholeSequenceLogits } from '../testing/whole-sequence-logits';

afterAll(() => sessionCache.clear());

describe.each(['learned', 'sinusoidal'] as const)('exported graph vs training forward (%s positions)', (positional) => {
  it('both graphs give the logits of the training graph to 1e-4 on the same batch', async () => {
    const config = tinyConfig({ positional, nLayer: 3 });
    const params = randomParams(config, 8);
    const batch = [
      [1, 4, 9, 16, 25, 36, 0, 7, 39, 2],
      [38, 0, 0, 11, 5, 23, 31, 3, 3, 19],
    ];
    const { dir, remove } = temporaryDirectory();
    try {
      exportTestModel(dir, config, params);
      const training = await forwardLogits(config, params, batch);
      for (const exported of [
        await wholeSequenceLogits(await HuggingFaceGraphSession.load(dir), batch),
        await wholeSequenceLogits(await InferenceModel.load(dir), batch),
      ]) {
        expect(exported).toHaveLength(training.length);
        const maxDifference = exported.reduce((max, v, i) => Math.max(max, Math.abs(v - training[i])), 0);
        expect(maxDifference).toBeLessThan(1e-4);
      }
    } finally {
      remove();
    }
  });
});
