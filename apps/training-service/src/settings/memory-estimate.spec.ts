import { GptConfig } from '@llmchain/model-runtime';
import { estimateTrainingMemoryBytes, parameterCount } from './memory-estimate';

const config: GptConfig = {
  vocabSize: 1024, contextLength: 128, nLayer: 2, nHead: 4, nEmbd: 128,
  positional: 'learned', dropout: 0, layerNormEps: 1e-5, tieEmbeddings: true,
};

describe('estimateTrainingMemoryBytes', () => {
  it('counts the parameters of embeddings, blocks and the final LayerNorm', () => {
    // wte 1024×128 + wpe 128×128 + 2 blocks of 12·128² + 13·128 + ln_f 2·128
    expect(parameterCount(config)).toBe(1024 * 128 + 128 * 128 + 2 * (12 * 128 * 128 + 13 * 128) + 2 * 128);
  });

  it('is the documented formula', () => {
    const p = parameterCount(config);
    const activations = 16 * 128 * (2 * (40 * 128 + 6 * 4 * 128) + 8 * 1024);
    expect(estimateTrainingMemoryBytes(config, 16, 128)).toBe(4 * (20 * p + activations) + 32 * 2 ** 20);
  });

  it('grows linearly with the batch and faster than linearly with the sequence', () => {
    const at = (batch: number, seqLen: number) => estimateTrainingMemoryBytes(config, batch, seqLen);
    expect(at(32, 128) - at(16, 128)).toBe(at(16, 128) - at(0, 128));
    expect(at(1, 128) - at(1, 0)).toBeGreaterThan(2 * (at(1, 64) - at(1, 0)));
  });
});
