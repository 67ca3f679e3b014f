import { ModelConfigError } from '../errors';
import { GptConfig, validateConfig } from './config';

const valid: GptConfig = {
  vocabSize: 16, contextLength: 8, nLayer: 2, nHead: 2, nEmbd: 8,
  positional: 'learned', dropout: 0, layerNormEps: 1e-5, tieEmbeddings: true,
};

describe('validateConfig', () => {
  it('accepts a config that forms a model', () => {
    expect(() => validateConfig(valid)).not.toThrow();
  });

  it.each([
    [{ nEmbd: 10, nHead: 4 }, /nEmbd \(10\) must be divisible by nHead \(4\)/],
    [{ nLayer: 0 }, /nLayer must be a positive integer, got 0/],
    [{ vocabSize: 1.5 }, /vocabSize/],
    [{ contextLength: -1 }, /contextLength/],
    [{ dropout: 1 }, /dropout/],
    [{ positional: 'rotary' }, /positional/],
  ])('rejects %j with a ModelConfigError naming the problem', (patch, message) => {
    const config = { ...valid, ...patch } as GptConfig;
    expect(() => validateConfig(config)).toThrow(ModelConfigError);
    expect(() => validateConfig(config)).toThrow(message);
  });
});
