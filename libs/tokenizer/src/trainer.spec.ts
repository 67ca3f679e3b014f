import fc from 'fast-check';
import { generateMultilingualText } from './__fixtures__/multilingual-text';
import { BASE_VOCAB_BYTE_ORDER } from './byte-unicode';
import { InvalidSettingsError, UnknownSpecialTokenError } from './errors';
import { learnMerges } from './merge-learner';
import { END_OF_TEXT, IM_START } from './special-tokens';
import { trainBpe } from './trainer';

/** Textbook BPE training: recount every pair after every merge. Slow, obviously right. */
function referenceMerges(wordCounts: Map<string, number>, mergeCount: number, minFrequency: number): Array<[number, number]> {
  const byteToId = new Map(BASE_VOCAB_BYTE_ORDER.map((b, id) => [b, id]));
  const words = [...wordCounts].map(([word, count]) => ({ symbols: Array.from(Buffer.from(word), (b) => byteToId.get(b) as number), count }));
  const merges: Array<[number, number]> = [];
  while (merges.length < mergeCount) {
    const counts = new Map<string, number>();
    for (const { symbols, count } of words) {
      for (let i = 0; i + 1 < symbols.length; i++) {
        const key = `${symbols[i]},${symbols[i + 1]}`;
        counts.set(key, (counts.get(key) ?? 0) + count);
      }
    }
    let best: [number, number] | null = null;
    let bestCount = 0;
    for (const [key, count] of counts) {
      const pair = key.split(',').map(Number) as [number, number];
      const better = count > bestCount || (count === bestCount && best !== null && (pair[0] < best[0] || (pair[0] === best[0] && pair[1] < best[1])));
      if (better) {
        best = pair;
        bestCount = count;
      }
    }
    if (best === null || bestCount < minFrequency) break;
    const merged = 256 + merges.length;
    merges.push(best);
    for (const word of words) {
      const out: number[] = [];
      for (let i = 0; i < word.symbols.length; i++) {
        if (i + 1 < word.symbols.length && word.symbols[i] === best[0] && word.symbols[i + 1] === best[1]) {
          out.push(merged);
          i++;
        } else out.push(word.symbols[i]);
      }
      word.symbols = out;
    }
  }
  return merges;
}

async function* chunksOf(text: string, size: number): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

describe('learnMerges', () => {
  it('learns exactly the merges of textbook BPE (incremental pair counts are right)', () => {
    const word = fc.array(fc.constantFrom('a', 'b', 'c', 'ab', 'é', '中'), { minLength: 1, maxLength: 12 }).map((p) => p.join(''));
    fc.assert(
      fc.property(fc.array(fc.tuple(word, fc.integer({ min: 1, max: 5 })), { minLength: 1, maxLength: 30 }), fc.integer({ min: 1, max: 3 }), (entries, minFrequency) => {
        const counts = new Map<string, number>();
        for (const [w, c] of entries) counts.set(w, (counts.get(w) ?? 0) + c);
        expect(learnMerges(counts, 40, minFrequency).merges).toEqual(referenceMerges(counts, 40, minFrequency));
      }),
      { numRuns: 300 },
    );
  });
});

describe('trainBpe', () => {
  const corpus = generateMultilingualText(21, 150_000);

  it('is deterministic and independent of how the corpus is chunked into lines', async () => {
    const lines = corpus.split(/(?<=\S\n)(?=\S)/);
    const a = await trainBpe(lines, { vocabSize: 600 });
    const b = await trainBpe(chunksOf(lines.join(''), 1 << 30), { vocabSize: 600 });
    expect(a.model.merges()).toEqual(b.model.merges());
    expect(a.toTokenizerJson()).toEqual(b.toTokenizerJson());
  });

  it('fills the requested vocabulary: bytes, then merges, then special tokens', async () => {
    const tokenizer = await trainBpe([corpus], { vocabSize: 700, specialTokens: [END_OF_TEXT, IM_START] });
    expect(tokenizer.vocabSize).toBe(700);
    expect(tokenizer.model.merges()).toHaveLength(700 - 256 - 2);
    expect(tokenizer.specialTokens).toEqual([{ content: END_OF_TEXT, id: 698 }, { content: IM_START, id: 699 }]);
    expect(tokenizer.encode(corpus.slice(0, 5000)).length).toBeLessThan(Buffer.byteLength(corpus.slice(0, 5000)) / 2);
  });

  it('stops early when no pair reaches the minimum frequency', async () => {
    const tokenizer = await trainBpe(['ab ab ab cd'], { vocabSize: 5000, minFrequency: 2, specialTokens: [] });
    const merged = tokenizer.model.merges().map(([l, r]) => tokenizer.idToToken(l) + tokenizer.idToToken(r));
    expect(merged).toEqual(['ab', 'Ġab']);
  });

  it('never learns merges across special tokens found in the corpus', async () => {
    const tokenizer = await trainBpe([`x${END_OF_TEXT}`.repeat(50)], { vocabSize: 300, specialTokens: [END_OF_TEXT] });
    expect(tokenizer.model.merges()).toEqual([]);
    expect(tokenizer.encode(`x${END_OF_TEXT}`)).toEqual([tokenizer.tokenToId('x'), 256]);
  });

  it('can use the cl100k pre-tokenization pattern', async () => {
    const tokenizer = await trainBpe(['12345 12345 12345'], { vocabSize: 300, pattern: 'cl100k', specialTokens: [] });
    expect(tokenizer.encode('12345').map((id) => tokenizer.idToToken(id))).toEqual(['123', '45']);
  });

  it('rejects invalid settings with a typed error saying what is wrong', async () => {
    await expect(trainBpe([], { vocabSize: 258 })).rejects.toThrow(new InvalidSettingsError('vocabSize must be an integer of at least 259 (256 byte tokens + 3 special tokens), got 258'));
    await expect(trainBpe([], { vocabSize: 300, minFrequency: 0 })).rejects.toThrow(InvalidSettingsError);
    await expect(trainBpe([], { vocabSize: 300, specialTokens: ['<a>', '<a>'] })).rejects.toThrow(/listed twice/);
    await expect(trainBpe([], { vocabSize: 300, specialTokens: [''] })).rejects.toThrow(InvalidSettingsError);
    await expect(trainBpe([], { vocabSize: 300, eosToken: '<|eos|>' })).rejects.toThrow(UnknownSpecialTokenError);
    await expect(trainBpe([], { vocabSize: 300, pattern: '(?<=x' })).rejects.toThrow(/pre-tokenizer pattern/);
  });
});
