import { get_encoding } from 'tiktoken';
import type { GoldenCase } from './__fixtures__/golden-case';
import { generateMultilingualText } from './__fixtures__/multilingual-text';
import golden from './__fixtures__/r50k-golden.json';
import trainedGolden from './__fixtures__/trained-golden.json';
import { loadR50kBase, loadTiktokenEncoding } from './tiktoken-ranks';
import type { Tokenizer } from './tokenizer';
import { trainBpe } from './trainer';


const r50k = loadR50kBase();

describe('r50k_base golden fixtures (ids from tiktoken)', () => {
  it.each((golden as GoldenCase[]).map((c) => [c.name, c] as const))('%s', (_name, fixture) => {
    const ids = r50k.encode(fixture.text);
    expect(ids).toEqual(fixture.ids);
    expect(ids.map((id) => r50k.idToToken(id))).toEqual(fixture.tokens);
    expect(r50k.decode(ids)).toBe(fixture.decoded);
    expect(r50k.countTokens(fixture.text)).toBe(fixture.ids.length);
  });

  it('covers the categories the issue asks for', () => {
    const names = (golden as GoldenCase[]).map((c) => c.name);
    for (const required of ['empty', 'english', 'chinese', 'japanese', 'emoji_and_4_byte', 'code', 'runs_of_spaces', 'tabs_and_newlines', 'numbers', 'special_tokens']) {
      expect(names).toContain(required);
    }
  });
});

describe('trained tokenizer golden fixtures (pin what trainBpe learns; regenerate with tools/bench/tokenizer-golden-fixtures.ts)', () => {
  let trained: Tokenizer;
  beforeAll(async () => {
    const { corpusSeed, corpusLength, vocabSize } = trainedGolden.settings;
    trained = await trainBpe([generateMultilingualText(corpusSeed, corpusLength)], { vocabSize });
  });

  it.each(trainedGolden.cases.map((c) => [c.name, c] as const))('%s', (_name, fixture) => {
    const ids = trained.encode(fixture.text);
    expect(ids).toEqual(fixture.ids);
    expect(ids.map((id) => trained.idToToken(id))).toEqual(fixture.tokens);
    expect(trained.decode(ids)).toBe(fixture.decoded);
  });
});

describe('identical ids to tiktoken on generated multilingual text', () => {
  it('r50k_base', () => {
    const encoding = get_encoding('r50k_base');
    try {
      for (const seed of [1, 2, 3]) {
        const text = generateMultilingualText(seed, 100_000);
        expect(r50k.encode(text)).toEqual(Array.from(encoding.encode(text, 'all')));
      }
    } finally {
      encoding.free();
    }
  });

  it('cl100k_base (the cl100k pre-tokenization pattern)', () => {
    const cl100k = loadTiktokenEncoding('cl100k_base');
    const encoding = get_encoding('cl100k_base');
    try {
      const text = generateMultilingualText(4, 100_000) + '<|endoftext|>  trailing \n\n  ';
      expect(cl100k.encode(text)).toEqual(Array.from(encoding.encode(text, 'all')));
    } finally {
      encoding.free();
    }
  });
});
