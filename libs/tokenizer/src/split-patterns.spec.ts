import { TokenizerFormatError } from './errors';
import { splitPieces } from './__fixtures__/split-pieces';
import { CL100K_PATTERN, compileSplitPattern, RegexSplitter } from './split-patterns';

function pieces(pattern: string, text: string): string[] {
  return splitPieces(new RegexSplitter(pattern), text);
}

describe('compileSplitPattern', () => {
  it('spells out ASCII case-insensitive groups, which Node 20 cannot parse', () => {
    const regex = compileSplitPattern("(?i:'s|'ll)");
    expect("'S 'lL 's".match(regex)).toEqual(["'S", "'lL", "'s"]);
  });

  it('gives \\s the Unicode White_Space meaning of tiktoken and Hugging Face (U+0085 yes, U+FEFF no)', () => {
    const regex = compileSplitPattern('\\s+');
    expect('a\u0085b'.match(regex)).toEqual(['\u0085']);
    expect('a\ufeffb'.match(regex)).toBeNull();
  });

  it('rejects patterns JavaScript cannot run with a TokenizerFormatError naming the pattern', () => {
    expect(() => compileSplitPattern('(?<=a')).toThrow(TokenizerFormatError);
    expect(() => compileSplitPattern('(?i:[a-z])')).toThrow(/case-insensitive group/);
  });
});

describe('RegexSplitter', () => {
  it('keeps text between matches as pieces (Split behavior "Isolated")', () => {
    expect(pieces('\\d+', 'ab12cd345')).toEqual(['ab', '12', 'cd', '345']);
  });

  it('splits with the cl100k pattern: digits in threes, newlines kept with punctuation', () => {
    expect(pieces(CL100K_PATTERN, "1234567 I'M here!\n\n  ok")).toEqual(['123', '456', '7', ' I', "'M", ' here', '!\n\n', ' ', ' ok']);
  });
});
