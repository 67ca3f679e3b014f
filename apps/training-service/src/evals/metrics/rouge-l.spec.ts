import { rougeL, rougeTokens } from './rouge-l';

describe('ROUGE-L (rouge-score)', () => {
  it("scores rouge-score's README example by hand-counted LCS: P 5/8, R 5/9", () => {
    // https://github.com/google-research/google-research/tree/master/rouge (scorer.score(target, prediction)).
    // LCS of "the quick brown fox jumps over the lazy dog" and "the quick brown dog jumps on the log":
    // the quick brown … jumps … the = 5 tokens.
    const score = rougeL('The quick brown fox jumps over the lazy dog', 'The quick brown dog jumps on the log.');
    expect(score.precision).toBeCloseTo(5 / 8, 12);
    expect(score.recall).toBeCloseTo(5 / 9, 12);
    expect(score.fmeasure).toBeCloseTo(0.5882352941176471, 12);
  });

  it('lowercases and splits on anything outside a-z0-9, as its tokenizer does', () => {
    expect(rougeTokens("Hello, World! It's 2026.")).toEqual(['hello', 'world', 'it', 's', '2026']);
  });

  it('scores identical texts 1 and texts without a shared token 0', () => {
    expect(rougeL('a b c', 'a b c').fmeasure).toBe(1);
    expect(rougeL('a b c', 'd e').fmeasure).toBe(0);
    expect(rougeL('', 'd e').fmeasure).toBe(0);
  });
});
