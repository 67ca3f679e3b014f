import { normalizeText } from './normalize';

/** The stage as first written, one plain pass per step: the truth the faster passes must equal. */
function referenceNormalize(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/\r\n?|[\u2028\u2029]/g, '\n')
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200B-\u200D\u2060\uFEFF]/g, '')
    .replace(/[^\S\n]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

describe('normalizeText', () => {
  it('folds compatibility forms with NFKC', () => {
    expect(normalizeText('ｆｕｌｌ ｗｉｄｔｈ ﬁne')).toBe('full width fine');
  });

  it('drops control and zero-width characters, keeps newlines', () => {
    expect(normalizeText('a\u0000b\u200Bc\u0007\nd\uFEFF')).toBe('abc\nd');
  });

  it('collapses spaces, trims lines and keeps at most one blank line', () => {
    expect(normalizeText('  one \t  two  \r\n\r\n\r\n\n  three ')).toBe('one two\n\nthree');
  });

  it('gives what one plain pass per step gives, on random text of spaces, breaks, marks and compatibility forms', () => {
    const alphabet = ['a', 'é', 'e\u0301', ' ', '  ', '\t', '\n', '\r', '\r\n', '\u00a0', '\u2003', '\u3000', '\u2028', '\u200b', '\ufeff', '\u0007', 'ﬁ', 'Ａ', '²', '½', '€', '—', '“', '.', 'ß', 'Ǆ', '\u0301'];
    let seed = 19;
    const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    for (let sample = 0; sample < 5000; sample++) {
      const length = Math.floor(random() * 40);
      const text = Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
      expect(normalizeText(text)).toBe(referenceNormalize(text));
    }
  });
});
