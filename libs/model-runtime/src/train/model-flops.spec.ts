import { GptConfig } from '../model/config';
import { trainingFlopsPerToken } from './model-flops';

describe('trainingFlopsPerToken', () => {
  it('is 6N plus the attention term for the nanoGPT shakespeare_char CPU model', () => {
    const config: GptConfig = {
      vocabSize: 65, contextLength: 64, nLayer: 4, nHead: 4, nEmbd: 128,
      positional: 'learned', dropout: 0, layerNormEps: 1e-5, tieEmbeddings: true,
    };
    const perBlock = 2 * 128 + (128 * 384 + 384) + (128 * 128 + 128) + 2 * 128 + (128 * 512 + 512) + (512 * 128 + 128);
    const n = 65 * 128 + 4 * perBlock + 2 * 128;
    expect(trainingFlopsPerToken(config, 64)).toBe(6 * n + 12 * 4 * 128 * 64);
  });
});
