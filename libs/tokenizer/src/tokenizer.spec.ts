import fc from 'fast-check';
import { generateMultilingualText } from './__fixtures__/multilingual-text';
import { InvalidTokenIdError, TokenizerFormatError, UnknownSpecialTokenError } from './errors';
import { END_OF_TEXT, IM_END, IM_START } from './special-tokens';
import { loadR50kBase } from './tiktoken-ranks';
import { Tokenizer } from './tokenizer';
import { trainBpe } from './trainer';

const r50k = loadR50kBase();
let trained: Tokenizer;

beforeAll(async () => {
  trained = await trainBpe([generateMultilingualText(11, 200_000)], { vocabSize: 1000 });
});

const anyText = fc.string({ unit: 'binary', maxLength: 80 });
const textWithSpecials = fc
  .array(fc.oneof(fc.string({ unit: 'binary', maxLength: 20 }), fc.constantFrom(END_OF_TEXT, IM_START, IM_END, '<|', '|>')), { maxLength: 8 })
  .map((parts) => parts.join(''));

describe('Tokenizer', () => {
  it('decode(encode(x)) == x for random Unicode strings (r50k and a trained tokenizer)', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        expect(r50k.decode(r50k.encode(text))).toBe(text);
        expect(trained.decode(trained.encode(text))).toBe(text);
      }),
      { numRuns: 1000 },
    );
  });

  it('keeps special tokens whole and round-trips text around them', () => {
    fc.assert(
      fc.property(textWithSpecials, (text) => {
        const ids = trained.encode(text);
        expect(trained.decode(ids)).toBe(text);
        const specialCount = text.split(END_OF_TEXT).length - 1;
        expect(ids.filter((id) => id === trained.specialTokenId(END_OF_TEXT))).toHaveLength(specialCount);
      }),
      { numRuns: 300 },
    );
  });

  it('countTokens equals the length of encode without building the ids', () => {
    fc.assert(
      fc.property(textWithSpecials, (text) => {
        expect(trained.countTokens(text)).toBe(trained.encode(text).length);
        expect(r50k.countTokens(text, { allowedSpecial: 'none' })).toBe(r50k.encode(text, { allowedSpecial: 'none' }).length);
      }),
      { numRuns: 300 },
    );
  });

  it('encodes special tokens as plain text when they are not allowed', () => {
    expect(r50k.encode(`a${END_OF_TEXT}`)).toEqual([64, 50256]);
    expect(r50k.encode(`a${END_OF_TEXT}`, { allowedSpecial: 'none' })).toEqual([64, 27, 91, 437, 1659, 5239, 91, 29]);
    expect(trained.encode(`${IM_START}${END_OF_TEXT}`, { allowedSpecial: [IM_START] })).toEqual([
      trained.specialTokenId(IM_START),
      ...trained.encode(END_OF_TEXT, { allowedSpecial: 'none' }),
    ]);
  });

  it('encodeBatch encodes each text independently', () => {
    const texts = ['hello world', '', '你好', `x${END_OF_TEXT}`];
    expect(trained.encodeBatch(texts)).toEqual(texts.map((t) => trained.encode(t)));
  });

  it('encodes lone surrogates as U+FFFD without throwing, like tiktoken', () => {
    expect(() => r50k.encode('\ud800\udc00\udc00 x \ud83d')).not.toThrow();
    expect(r50k.decode(r50k.encode('a\ud800b'))).toBe('a\ufffdb');
  });

  it('encodes text read from invalid UTF-8 (replacement characters) without throwing', () => {
    const text = new TextDecoder().decode(Uint8Array.of(0x61, 0xff, 0xfe, 0x62, 0xe6, 0x97, 0x20, 0xf0, 0x9f, 0x98));
    expect(text).toBe('a\ufffd\ufffdb\ufffd \ufffd');
    expect(trained.decode(trained.encode(text))).toBe(text);
    expect(r50k.decode(r50k.encode(text))).toBe(text);
  });

  it('decodes invalid UTF-8 (a token sequence cut inside a character) to U+FFFD without throwing', () => {
    const ids = r50k.encode('😀');
    expect(ids.length).toBeGreaterThan(1);
    expect(r50k.decode(ids.slice(0, 1))).toBe('\ufffd');
    expect(Array.from(r50k.decodeBytes(ids))).toEqual(Array.from(Buffer.from('😀')));
  });

  it('can skip special tokens when decoding', () => {
    const ids = r50k.encode(`hi${END_OF_TEXT}there`);
    expect(r50k.decode(ids, { skipSpecialTokens: true })).toBe('hithere');
  });

  it('reports vocabulary size and special token ids', () => {
    expect(r50k.vocabSize).toBe(50257);
    expect(r50k.specialTokenId(END_OF_TEXT)).toBe(50256);
    expect(r50k.eosTokenId).toBe(50256);
    expect(trained.vocabSize).toBe(1000);
    expect(trained.specialTokens.map((t) => t.id)).toEqual([997, 998, 999]);
    expect(trained.idToToken(trained.specialTokenId(IM_START))).toBe(IM_START);
    expect(trained.tokenToId(IM_END)).toBe(999);
    expect(r50k.tokenToId('Ġthe')).toBe(262);
  });

  it('raises typed errors for unknown special tokens and ids', () => {
    expect(() => r50k.specialTokenId('<|im_start|>')).toThrow(UnknownSpecialTokenError);
    expect(() => r50k.specialTokenId('<|im_start|>')).toThrow(/unknown special token "<\|im_start\|>"; this tokenizer defines "<\|endoftext\|>"/);
    expect(() => r50k.encode('x', { allowedSpecial: ['<|nope|>'] })).toThrow(UnknownSpecialTokenError);
    expect(() => r50k.decode([50257])).toThrow(InvalidTokenIdError);
    expect(() => r50k.decode([-1])).toThrow(/token id -1 is not in the vocabulary/);
    expect(() => r50k.idToToken(1e9)).toThrow(InvalidTokenIdError);
  });

  it('refuses a special token that reuses an ordinary token id', () => {
    expect(() => new Tokenizer({ model: r50k.model, specialTokens: [{ content: '<|x|>', id: 5 }] })).toThrow(TokenizerFormatError);
  });
});
