import { normalizeText } from './normalize';

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
});
