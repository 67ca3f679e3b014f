import { isLetter, isLetterOrMark, isWhitespace } from './char-classes';

describe('character classes', () => {
  it('answer as the regexes do for every UTF-16 code unit', () => {
    const disagreements: number[] = [];
    for (let code = 0; code < 0x10000; code++) {
      const character = String.fromCharCode(code);
      if (isWhitespace(code) !== /\s/.test(character)) disagreements.push(code);
      if (isLetter(code) !== /\p{L}/u.test(character)) disagreements.push(code);
      // Twice: the second answer comes from the cache.
      if (isLetterOrMark(code) !== /[\p{L}\p{M}]/u.test(character) || isLetterOrMark(code) !== /[\p{L}\p{M}]/u.test(character))
        disagreements.push(code);
    }
    expect(disagreements).toEqual([]);
  });
});
