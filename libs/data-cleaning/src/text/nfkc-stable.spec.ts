import { isNfkcStable, NFKC_STABLE_BLOCKS } from './nfkc-stable';

const stableCharacters = NFKC_STABLE_BLOCKS.flatMap(([first, last]) =>
  Array.from({ length: last - first + 1 }, (_, i) => String.fromCharCode(first + i)).filter((c) => c.normalize('NFKC') === c),
);

describe('isNfkcStable', () => {
  it('holds for every pair of the characters it trusts: none of them composes with its neighbour', () => {
    // ICU is the truth: a pair that NFKC changed would make a text of trusted characters change too.
    const changed: string[] = [];
    for (const a of stableCharacters) for (const b of stableCharacters) if ((a + b).normalize('NFKC') !== a + b) changed.push(a + b);
    expect(changed).toEqual([]);
    expect(stableCharacters.length).toBeGreaterThan(600);
  });

  it('agrees with ICU on text of every kind', () => {
    const samples = [
      'plain ASCII, numbers 1234 and (brackets)',
      'Grüße aus Köln – “quoted” — 12 € and ½ liter',
      'ﬁne ligature',
      'ｆｕｌｌ ｗｉｄｔｈ',
      'x² superscript',
      'e\u0301 combining accent',
      'non\u00a0breaking space',
      'Ελληνικά και русский',
      '中文和日本語',
      'Ĳ digraph and ŉ',
    ];
    for (const text of samples) {
      const stable = isNfkcStable(text);
      // Stable means unchanged; a text it cannot vouch for may still be unchanged (outside the trusted blocks).
      if (stable) expect(text.normalize('NFKC')).toBe(text);
      else if (/^[\u0000-\u024f\u2000-\u20cf]*$/.test(text)) expect(text.normalize('NFKC')).not.toBe(text);
    }
    expect(isNfkcStable('Grüße aus Köln – “quoted” — 12 €')).toBe(true);
    expect(isNfkcStable('ﬁne')).toBe(false);
    expect(isNfkcStable('x²')).toBe(false);
  });
});
