import fc from 'fast-check';
import { END_OF_TEXT } from './special-tokens';
import { decodeTokenStream } from './streaming-decoder';
import { loadR50kBase } from './tiktoken-ranks';

const r50k = loadR50kBase();

async function* fromArray(ids: number[]): AsyncGenerator<number> {
  yield* ids;
}

describe('StreamDecoder', () => {
  it('holds back the bytes of an unfinished character until the token that completes it', () => {
    const ids = r50k.encode('😀');
    expect(ids).toHaveLength(2);
    const decoder = r50k.createStreamDecoder();
    expect(ids.map((id) => decoder.push(id))).toEqual(['', '😀']);
    expect(decoder.flush()).toBe('');
  });

  it('emits only whole characters, and their concatenation is the full decode', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }).filter((text) => !text.includes('\ufffd')), (text) => {
        const decoder = r50k.createStreamDecoder();
        const chunks = r50k.encode(text).map((id) => decoder.push(id));
        chunks.push(decoder.flush());
        for (const chunk of chunks) expect(chunk).not.toMatch(/\ufffd/);
        expect(chunks.join('')).toBe(text);
      }),
      { numRuns: 500 },
    );
  });

  it('turns a character that never completes into U+FFFD at the end', () => {
    const decoder = r50k.createStreamDecoder();
    const [first] = r50k.encode('😀');
    expect(decoder.push(first)).toBe('');
    expect(decoder.flush()).toBe('\ufffd');
  });

  it('passes special tokens through, or skips them when asked', () => {
    const ids = r50k.encode(`a${END_OF_TEXT}b`);
    const keep = r50k.createStreamDecoder();
    expect(ids.map((id) => keep.push(id)).join('')).toBe(`a${END_OF_TEXT}b`);
    const skip = r50k.createStreamDecoder({ skipSpecialTokens: true });
    expect(ids.map((id) => skip.push(id)).join('')).toBe('ab');
  });

  it('decodes an async stream of ids into non-empty text chunks (for SSE)', async () => {
    const text = '日本語 and emoji 👍🏽!';
    const chunks: string[] = [];
    for await (const chunk of decodeTokenStream(r50k.createStreamDecoder(), fromArray(r50k.encode(text)))) chunks.push(chunk);
    expect(chunks.every((chunk) => chunk.length > 0)).toBe(true);
    expect(chunks.join('')).toBe(text);
  });
});
