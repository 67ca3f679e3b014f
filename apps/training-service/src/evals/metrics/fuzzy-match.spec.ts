import { fuzzyMatch } from './fuzzy-match';

describe('fuzzy match (rapidfuzz fuzz.ratio / 100)', () => {
  it("reproduces rapidfuzz's documented example: ratio('this is a test', 'this is a test!') = 96.55172413793103", () => {
    // https://rapidfuzz.github.io/RapidFuzz/Usage/fuzz.html#ratio
    expect(fuzzyMatch('this is a test', 'this is a test!') * 100).toBeCloseTo(96.55172413793103, 10);
  });

  it('is 1 for equal strings (empty included) and 0 for strings without a shared character', () => {
    expect(fuzzyMatch('abc', 'abc')).toBe(1);
    expect(fuzzyMatch('', '')).toBe(1);
    expect(fuzzyMatch('abc', 'xyz')).toBe(0);
  });
});
