import { forwardLogits } from '../../model/forward-logits';
import { InferenceModel } from '../session/inference-model';
import { sessionCache } from '../session/session-cache';
import { exportTestModel, temporaryDirectory } from '../testing/model-directory-fixture';
import { randomParams, tinyConfig } from '../testing/tiny-model';

const int64 = (values: number[]) => BigInt64Array.from(values, (v) => BigInt(v));

afterAll(() => sessionCache.clear());

describe.each(['learned', 'sinusoidal'] as const)('exported graph vs training forward (%s positions)', (positional) => {
  it('gives the logits of the training graph to 1e-4 on the same batch', async () => {
    const config = tinyConfig({ positional, nLayer: 3 });
    const params = randomParams(config, 8);
    const batch = [
      [1, 4, 9, 16, 25, 36, 0, 7, 39, 2],
      [38, 0, 0, 11, 5, 23, 31, 3, 3, 19],
    ];
    const { dir, remove } = temporaryDirectory();
    try {
      exportTestModel(dir, config, params);
      const model = await InferenceModel.load(dir);
      const seq = batch[0].length;
      const exported = await model.forward({
        batch: batch.length,
        seq,
        inputIds: int64(batch.flat()),
        attentionMask: int64(batch.flat().map(() => 1)),
        positionIds: int64(batch.flatMap((row) => row.map((_, i) => i))),
        logitsToKeep: 0,
      });
      const training = await forwardLogits(config, params, batch);
      expect(exported.logits).toHaveLength(training.length);
      const maxDifference = exported.logits.reduce((max, v, i) => Math.max(max, Math.abs(v - training[i])), 0);
      expect(maxDifference).toBeLessThan(1e-4);
    } finally {
      remove();
    }
  });
});
