import fc from 'fast-check';
import { Gpt2Splitter } from './gpt2-splitter';
import { splitPieces as pieces } from './__fixtures__/split-pieces';
import { GPT2_PATTERN, RegexSplitter } from './split-patterns';

/** Characters where the GPT-2 pattern's alternatives interact: contractions, space-joining, whitespace runs. */
const TRICKY = [' ', ' ', '  ', '\n', '\t', '\r\n', '\u3000', '\u00a0', '\u0085', "'", "'s", "'t", "'re", "'ve", "'ll", "'d", "'m", "'x",
  'a', 'Z', 'é', 'e\u0301', '中', 'の', 'Я', '1', '42', '²', '½', '!', '?', '.', '-', '😀', '👍🏽', '𝕏', '\ud800', '\udc00', '\ufeff'];

describe('Gpt2Splitter', () => {
  it('cuts text exactly where the GPT-2 regex does', () => {
    const scanner = new Gpt2Splitter();
    const regex = new RegexSplitter(GPT2_PATTERN);
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...TRICKY), { maxLength: 40 }).map((parts) => parts.join('')), (text) => {
        expect(pieces(scanner, text)).toEqual(pieces(regex, text));
      }),
      { numRuns: 3000 },
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (text) => {
        expect(pieces(scanner, text)).toEqual(pieces(regex, text));
      }),
      { numRuns: 1000 },
    );
  });

  it('treats a range as a whole document: trailing whitespace before the end stays whole', () => {
    const text = 'hello   <|endoftext|>';
    expect(pieces(new Gpt2Splitter(), text, 0, 8)).toEqual(['hello', '   ']);
    expect(pieces(new RegexSplitter(GPT2_PATTERN), text, 0, 8)).toEqual(['hello', '   ']);
  });

  it('resumes correctly when the output buffer is smaller than the number of pieces', () => {
    const text = "It's a test  of   resuming\n\n splits, 123 times!";
    const ends = new Int32Array(2);
    const got: string[] = [];
    let pos = 0;
    while (pos < text.length) {
      const count = new Gpt2Splitter().split(text, pos, text.length, ends);
      for (let k = 0; k < count; k++) {
        got.push(text.slice(pos, ends[k]));
        pos = ends[k];
      }
    }
    expect(got).toEqual(pieces(new RegexSplitter(GPT2_PATTERN), text));
  });
});
