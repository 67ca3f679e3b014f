import { CleaningPipeline } from '../pipeline';
import { ContaminationIndex } from './contamination-index';
import { wordNgramKeys } from './word-ngrams';

/** `count` distinct words starting at `from` (w100, w101, …): passages whose shared n-grams are known by construction. */
const words = (from: number, count: number) => Array.from({ length: count }, (_, i) => `w${from + i}`);

describe('13-gram contamination', () => {
  it('counts the distinct 13-grams of a text: one per start position of a run of distinct words', () => {
    expect(wordNgramKeys(words(0, 12).join(' ')).size).toBe(0);
    expect(wordNgramKeys(words(0, 13).join(' ')).size).toBe(1);
    expect(wordNgramKeys(words(0, 40).join(' ')).size).toBe(40 - 13 + 1);
    // 26 words have 14 start positions; the last repeats the first n-gram, so 13 are distinct.
    expect(wordNgramKeys([...words(0, 13), ...words(0, 13)].join(' ')).size).toBe(13);
  });

  it("reads words as cleaning does: normalised (NFKC, spacing), lower-cased, ASCII punctuation dropped", () => {
    const plain = words(0, 20).join(' ');
    const styled = `  ${words(0, 20).map((w, i) => (i % 3 === 0 ? `${w.toUpperCase()},` : i % 5 === 0 ? `"${w}"` : w)).join(' \t ')}.\r\n`;
    // Full-width letters fold to ASCII under NFKC.
    const fullWidth = plain.replace('w1 ', '\uff57\uff11 ');
    expect([...wordNgramKeys(styled)].sort()).toEqual([...wordNgramKeys(plain)].sort());
    expect([...wordNgramKeys(fullWidth)].sort()).toEqual([...wordNgramKeys(plain)].sort());
  });

  it('finds how many of a document\u2019s n-grams an evaluation set holds', () => {
    const index = new ContaminationIndex(1000);
    index.add(words(0, 30).join(' '));
    index.add(words(1000, 30).join(' '));
    // 20 words copied from the first evaluation document inside other text: 20 - 13 + 1 = 8 shared n-grams.
    const copied = [...words(500, 10), ...words(5, 20), ...words(600, 10)].join(' ');
    expect(index.matches(copied)).toBe(8);
    expect(index.matches([...words(500, 10), ...words(5, 12), ...words(600, 10)].join(' '))).toBe(0);
    const other = new ContaminationIndex(1000);
    other.add(copied);
    expect(index.sharedWith(other)).toBe(8);
    expect(() => new ContaminationIndex(10).add(words(0, 30).join(' '))).toThrow('the evaluation set has more than 10 distinct 13-grams');
  });

  it('removes overlapping training documents as a rule of its own, with the matched count and the source version', () => {
    const index = new ContaminationIndex(1000);
    index.add(words(0, 60).join(' '));
    const check = { index, sourceVersionId: 'eval-v1', minMatchedNgrams: 3 };
    const pipeline = new CleaningPipeline({ language: { enabled: false }, quality: { enabled: false }, pii: { enabled: false } }, { contamination: check });
    const leaked = pipeline.process({ id: 'leaked', text: [...words(200, 30), ...words(10, 16)].join(' ') });
    const brushing = pipeline.process({ id: 'brushing', text: [...words(300, 30), ...words(10, 14)].join(' ') });
    const clean = pipeline.process({ id: 'clean', text: words(400, 50).join(' ') });
    expect(leaked.decision).toEqual({ documentId: 'leaked', status: 'removed', rule: 'contamination', figure: 4, limit: 3, sourceVersion: 'eval-v1' });
    expect(leaked.output).toBeUndefined();
    // Two shared n-grams: under the threshold of 3, so kept.
    expect(brushing.decision.status).toBe('kept');
    expect(clean.decision.status).toBe('kept');
    expect(pipeline.buildReport().removedByRule).toEqual({ contamination: 1 });
  });
});
