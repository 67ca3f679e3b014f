import { InvalidGenerationOptionsError } from '../errors';
import { argmax, TokenSampler } from './token-sampler';

const logits = Float32Array.from([1.0, 3.0, 2.0, 0.5, 2.9]);

function frequencies(sampler: TokenSampler, draws: number): number[] {
  const counts = new Array(logits.length).fill(0);
  for (let i = 0; i < draws; i++) counts[sampler.sample(logits)]++;
  return counts.map((c) => c / draws);
}

describe('argmax', () => {
  it('finds the largest logit within a row of a flat buffer', () => {
    const rows = Float32Array.from([9, 0, 0, /* row 1: */ 0, 1, 5]);
    expect(argmax(rows, 3, 3)).toBe(2);
  });
});

describe('TokenSampler', () => {
  it('is greedy by default and at temperature 0', () => {
    expect(new TokenSampler().sample(logits)).toBe(1);
    expect(new TokenSampler({ temperature: 0, seed: 3 }).sample(logits)).toBe(1);
  });

  it('repeats the same draws for the same seed and differs for another', () => {
    const draw = (seed: number) => {
      const sampler = new TokenSampler({ temperature: 1.5, seed });
      return Array.from({ length: 40 }, () => sampler.sample(logits));
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
  });

  it('draws in proportion to the softmax of logits / temperature', () => {
    const temperature = 2;
    const expected = Array.from(logits, (l) => Math.exp(l / temperature));
    const sum = expected.reduce((a, b) => a + b, 0);
    const observed = frequencies(new TokenSampler({ temperature, seed: 1 }), 40000);
    observed.forEach((p, i) => expect(p).toBeCloseTo(expected[i] / sum, 1));
  });

  it('top-k keeps only the k most likely tokens', () => {
    const observed = frequencies(new TokenSampler({ temperature: 5, topK: 2, seed: 2 }), 5000);
    expect(observed[1] + observed[4]).toBe(1);
    expect(observed[1]).toBeGreaterThan(0.4);
    expect(observed[4]).toBeGreaterThan(0.4);
  });

  it('top-p keeps the smallest nucleus reaching p', () => {
    // softmax at T=1: token 1 ≈ 0.40, token 4 ≈ 0.36, token 2 ≈ 0.15 → p=0.7 keeps {1, 4}.
    const observed = frequencies(new TokenSampler({ temperature: 1, topP: 0.7, seed: 4 }), 5000);
    expect(observed[1] + observed[4]).toBe(1);
    const wider = frequencies(new TokenSampler({ temperature: 1, topP: 0.8, seed: 4 }), 5000);
    expect(wider[2]).toBeGreaterThan(0.1);
  });

  it('rejects options that cannot be honoured', () => {
    expect(() => new TokenSampler({ temperature: -1 })).toThrow(InvalidGenerationOptionsError);
    expect(() => new TokenSampler({ topK: 1.5 })).toThrow(/topK/);
    expect(() => new TokenSampler({ topP: 0 })).toThrow(/topP/);
  });
});
