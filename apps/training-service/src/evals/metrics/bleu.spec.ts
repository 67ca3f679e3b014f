import { corpusBleu, sentenceBleu, tokenize13a } from './bleu';

describe('BLEU (sacrebleu)', () => {
  it("reproduces sacrebleu's README example: BLEU = 48.53 82.4/50.0/45.5/37.5 (BP = 0.943 hyp_len = 17 ref_len = 18)", () => {
    // https://github.com/mjpost/sacrebleu#using-sacrebleu-from-python (corpus_score with two reference streams).
    const refs = [
      ['The dog bit the man.', 'It was not unexpected.', 'The man bit him first.'],
      ['The dog had bit the man.', 'No one was surprised.', 'The man had bitten the dog.'],
    ];
    const sys = ['The dog bit the man.', "It wasn't surprising.", 'The man had just bitten him.'];
    const bleu = corpusBleu(sys, refs);
    expect(bleu.score).toBeCloseTo(48.53, 2);
    expect(bleu.precisions.map((p) => Number(p.toFixed(1)))).toEqual([82.4, 50.0, 45.5, 37.5]);
    expect(bleu.brevityPenalty).toBeCloseTo(0.943, 3);
  });

  it('splits punctuation as mteval-v13a does, keeping decimal points and thousands separators inside numbers', () => {
    // The apostrophe (0x27) lies outside 13a's punctuation ranges, so contractions stay whole.
    expect(tokenize13a("It wasn't surprising.")).toEqual(['It', "wasn't", 'surprising', '.']);
    expect(tokenize13a('Pay 1,000.50 now, ok?')).toEqual(['Pay', '1,000.50', 'now', ',', 'ok', '?']);
    expect(tokenize13a('a &quot;b&quot;')).toEqual(['a', '"', 'b', '"']);
  });

  it('scores a sentence identical to its reference 100, and one sharing no word near 0', () => {
    expect(sentenceBleu('the cat sat on the mat', ['the cat sat on the mat']).score).toBeCloseTo(100, 10);
    expect(sentenceBleu('xyz', ['the cat sat on the mat']).score).toBeLessThan(1);
  });

  it("smooths a missing n-gram order exponentially, as sacrebleu's 'exp' method does", () => {
    // hyp "a b c d" vs ref "a b x d": 1-grams 3/4, 2-grams 1/3, 3-grams 0/2 → 100/(2·2), 4-grams 0/1 → 100/(4·1).
    const { precisions, score } = sentenceBleu('a b c d', ['a b x d']);
    expect(precisions).toEqual([75, 100 / 3, 25, 25]);
    expect(score).toBeCloseTo(Math.exp((Math.log(75) + Math.log(100 / 3) + Math.log(25) + Math.log(25)) / 4), 10);
  });
});
