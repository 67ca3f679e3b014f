import { InvalidInputError, ModelConfigError, SequenceTooLongError, TokenIdOutOfRangeError } from '../errors';
import { GptConfig } from './config';
import { forwardLogits } from './forward-logits';
import { initParams } from './params';

const config: GptConfig = {
  vocabSize: 11, contextLength: 6, nLayer: 2, nHead: 2, nEmbd: 8,
  positional: 'learned', dropout: 0.5, layerNormEps: 1e-5, tieEmbeddings: true,
};
const params = initParams(config, 3);

describe('forwardLogits', () => {
  it('returns [batch, seqLen, vocab] logits that are deterministic (no dropout) and causal', async () => {
    const a = await forwardLogits(config, params, [[1, 2, 3, 4], [5, 6, 7, 8]]);
    const b = await forwardLogits(config, params, [[1, 2, 3, 9], [5, 6, 7, 8]]);
    expect(a.length).toBe(2 * 4 * 11);
    expect(Array.from(a)).toEqual(Array.from(await forwardLogits(config, params, [[1, 2, 3, 4], [5, 6, 7, 8]])));
    // Changing the last token changes only the last position's logits.
    expect(Array.from(a.subarray(0, 3 * 11))).toEqual(Array.from(b.subarray(0, 3 * 11)));
    expect(Array.from(a.subarray(3 * 11, 4 * 11))).not.toEqual(Array.from(b.subarray(3 * 11, 4 * 11)));
    expect(Array.from(a.subarray(4 * 11))).toEqual(Array.from(b.subarray(4 * 11)));
  });

  it('raises typed errors naming bad input', async () => {
    await expect(forwardLogits(config, params, [[1, 11]])).rejects.toThrow(TokenIdOutOfRangeError);
    await expect(forwardLogits(config, params, [[1, -1]])).rejects.toThrow(/token id -1/);
    await expect(forwardLogits(config, params, [[1, 2, 3, 4, 5, 6, 7]])).rejects.toThrow(SequenceTooLongError);
    await expect(forwardLogits(config, params, [[1, 2], [3]])).rejects.toThrow(InvalidInputError);
    await expect(forwardLogits({ ...config, nHead: 3 }, params, [[1]])).rejects.toThrow(ModelConfigError);
    await expect(forwardLogits({ ...config, nLayer: 0 }, params, [[1]])).rejects.toThrow(/nLayer/);
  });
});
