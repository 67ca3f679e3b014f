import { cosineSimilarity } from './cosine-similarity';

describe('cosineSimilarity', () => {
  it('is 1 for parallel, 0 for orthogonal and -1 for opposite vectors', () => {
    expect(cosineSimilarity([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12);
    expect(cosineSimilarity([1, 0], [0, 5])).toBe(0);
    expect(cosineSimilarity([1, -2], [-1, 2])).toBeCloseTo(-1, 12);
  });

  it('matches a worked example: (1,2,2)·(2,1,2) = 8 over 3·3', () => {
    expect(cosineSimilarity([1, 2, 2], [2, 1, 2])).toBeCloseTo(8 / 9, 12);
  });

  it('gives 0 against a zero vector and refuses vectors of different sizes', () => {
    expect(cosineSimilarity([0, 0], [1, 1])).toBe(0);
    expect(() => cosineSimilarity([1], [1, 2])).toThrow(/1 and 2 dimensions/);
  });
});
