import { WordStats } from './word-stats';
import { splitWords } from './words';

/** FNV-1a over UTF-16 code units, written apart from the scanner. */
function fnv1a(word: string): number {
  let h = 0x811c9dc5;
  for (const unit of Array.from({ length: word.length }, (_, i) => word.charCodeAt(i))) h = Math.imul(h ^ unit, 0x01000193);
  return h >>> 0;
}

function expectSameAsSplitWords(stats: WordStats, text: string): void {
  const words = splitWords(text);
  expect(stats.count).toBe(words.length);
  expect(Array.from(stats.lengths.subarray(0, stats.count))).toEqual(words.map((w) => w.length));
  expect(Array.from(stats.hashes.subarray(0, stats.count))).toEqual(words.map(fnv1a));
  expect(stats.letters).toBe(words.reduce((sum, w) => sum + w.length, 0));
  // A word holds a letter when one of its UTF-16 code units is one (a letter beyond the BMP is not counted).
  expect(stats.alphabeticWords).toBe(words.filter((w) => w.split('').some((unit) => /\p{L}/u.test(unit))).length);
}

describe('WordStats', () => {
  it('counts, measures and hashes the words splitWords finds, on random text of every kind of space', () => {
    const alphabet = ['a', 'Z', 'é', '1', '.', '#', ' ', '  ', '\t', '\n', '\r', '\u000b', '\u00a0', '\u2003', '\u3000', '\u202f', '\ufeff', '\u200b', 'я', '한', '😀'];
    let seed = 5;
    const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const stats = new WordStats();
    for (let sample = 0; sample < 3000; sample++) {
      const length = Math.floor(random() * 60);
      const text = Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
      expectSameAsSplitWords(stats.scan(text), text);
    }
  });

  it('takes the segmenter’s words for a spaceless script, and grows past its first arrays', () => {
    const stats = new WordStats();
    const chinese = '我们每天训练模型。 the GPT模型 works';
    expectSameAsSplitWords(stats.scan(chinese), chinese);
    const long = Array.from({ length: 5000 }, (_, i) => `w${i}`).join(' ');
    expectSameAsSplitWords(stats.scan(long), long);
  });
});
