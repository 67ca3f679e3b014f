import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GoldenCase } from './__fixtures__/golden-case';
import { TokenizerFormatError } from './errors';
import { Tokenizer } from './tokenizer';

/**
 * Goldens from the Python `tokenizers` library (tools/reference-fixtures) for the tokenizer.json of each family the
 * platform imports: Llama 3 and Qwen2 (byte-level BPE behind Split regexes, NFC), GPT-2, and Mistral / Llama 2
 * (SentencePiece-style BPE with byte fallback, in both the Prepend/Replace and the Metaspace layouts).
 */
interface FamilyGoldenCase extends GoldenCase {
  idsWithSpecialTokens: number[];
  decodedSkippingSpecialTokens: string;
}

const MODEL_FIXTURES = join(__dirname, '../../model-runtime/src/__fixtures__/hf');
const GOLDENS = join(__dirname, '__fixtures__/hf-families');
const readJson = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8'));

const FAMILIES: Array<[string, () => Tokenizer]> = [
  ['llama', () => loadFixture('llama')],
  ['qwen2', () => loadFixture('qwen2')],
  ['mistral', () => loadFixture('mistral')],
  ['gpt2', () => loadFixture('gpt2')],
  ['mistral-metaspace', () => Tokenizer.fromTokenizerJson(readJson(join(GOLDENS, 'mistral-metaspace.tokenizer.json')))],
];

function loadFixture(name: string): Tokenizer {
  const dir = join(MODEL_FIXTURES, name);
  return Tokenizer.fromTokenizerJson(readJson(join(dir, 'tokenizer.json')), readJson(join(dir, 'tokenizer_config.json')));
}

describe.each(FAMILIES)('%s tokenizer.json against the tokenizers library', (name, load) => {
  const tokenizer = load();
  const cases = readJson(join(GOLDENS, `${name}.json`)) as FamilyGoldenCase[];

  it('covers the categories the issue names', () => {
    const names = cases.map((c) => c.name);
    for (const required of ['english', 'chinese', 'japanese', 'arabic', 'russian', 'emoji', 'code', 'whitespace_runs', 'special_tokens']) expect(names).toContain(required);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s: ids, tokens and decoded text', (_name, golden) => {
    const ids = tokenizer.encode(golden.text);
    expect(ids).toEqual(golden.ids);
    expect(ids.map((id) => tokenizer.idToToken(id))).toEqual(golden.tokens);
    expect(tokenizer.decode(ids)).toBe(golden.decoded);
    expect(tokenizer.countTokens(golden.text)).toBe(golden.ids.length);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s: with the post-processor special tokens', (_name, golden) => {
    const ids = tokenizer.encode(golden.text, { addSpecialTokens: true });
    expect(ids).toEqual(golden.idsWithSpecialTokens);
    expect(tokenizer.countTokens(golden.text, { addSpecialTokens: true })).toBe(ids.length);
    expect(tokenizer.decode(ids, { skipSpecialTokens: true })).toBe(golden.decodedSkippingSpecialTokens);
  });

  it('streams the same text one token at a time, whole characters only, across byte-fallback and split-byte tokens', () => {
    for (const golden of cases) {
      for (const skipSpecialTokens of [false, true]) {
        const ids = golden.idsWithSpecialTokens;
        const decoder = tokenizer.createStreamDecoder({ skipSpecialTokens });
        const chunks = ids.map((id) => decoder.push(id));
        chunks.push(decoder.flush());
        expect(chunks.join('')).toBe(tokenizer.decode(ids, { skipSpecialTokens }));
        for (const chunk of chunks) expect(chunk).not.toContain('\uFFFD');
      }
    }
  });
});

describe('what the goldens alone would not catch', () => {
  it('byte fallback: characters outside the vocabulary come out as <0xNN> tokens and stream back whole', () => {
    const mistral = loadFixture('mistral');
    const ids = mistral.encode('𩸽');
    expect(ids.map((id) => mistral.idToToken(id))).toEqual(['▁', '<0xF0>', '<0xA9>', '<0xB8>', '<0xBD>']);
    const decoder = mistral.createStreamDecoder();
    expect(ids.map((id) => decoder.push(id))).toEqual(['', '', '', '', '𩸽']);
  });

  it("an added token that is not special (Qwen2's <tool_call>) is matched even when special tokens are not, and survives skipping them", () => {
    const qwen = loadFixture('qwen2');
    const toolCall = qwen.tokenToId('<tool_call>') as number;
    const ids = qwen.encode('<tool_call><|im_end|>', { allowedSpecial: 'none' });
    expect(ids[0]).toBe(toolCall);
    expect(ids.length).toBeGreaterThan(2);
    expect(qwen.decode([toolCall, qwen.specialTokenId('<|im_end|>')], { skipSpecialTokens: true })).toBe('<tool_call>');
  });

  it('writes back the tokenizer.json it read when that file holds more than byte-level BPE', () => {
    const json = readJson(join(MODEL_FIXTURES, 'mistral', 'tokenizer.json'));
    expect(Tokenizer.fromTokenizerJson(json).toTokenizerJson()).toEqual(json);
  });
});

describe('tokenizer.json features outside these layouts fail on load, naming the part', () => {
  type Json = Record<string, any>;
  const fixture = (name: string): Json => readJson(join(MODEL_FIXTURES, name, 'tokenizer.json')) as Json;
  const cases: Array<[string, () => Json, RegExp]> = [
    ['byte fallback without a ByteFallback decoder', () => ({ ...fixture('mistral'), decoder: { type: 'Sequence', decoders: [{ type: 'Replace', pattern: { String: '▁' }, content: ' ' }, { type: 'Fuse' }] } }), /no ByteFallback step/],
    ['a decoder that never restores spaces', () => ({ ...fixture('mistral'), decoder: { type: 'ByteFallback' } }), /does not turn "▁" back into spaces/],
    ['a BERT-style post-processor', () => ({ ...fixture('mistral'), post_processor: { type: 'RobertaProcessing' } }), /post_processor .* is not supported/],
    ['byte fallback with a byte token missing', () => {
      const json = fixture('mistral');
      delete json.model.vocab['<0x41>'];
      return json;
    }, /no <0x41> token/],
    ['a regex Replace normalizer', () => ({ ...fixture('mistral'), normalizer: { type: 'Replace', pattern: { Regex: ' +' }, content: '▁' } }), /plain \{"String": ...\} pattern/],
    ['an added token matched after normalization', () => {
      const json = fixture('qwen2');
      json.added_tokens[0].normalized = true;
      return json;
    }, /sets normalized with a normalizer present/],
  ];
  it.each(cases)('%s', (_name, build, message) => {
    expect(() => Tokenizer.fromTokenizerJson(build())).toThrow(TokenizerFormatError);
    expect(() => Tokenizer.fromTokenizerJson(build())).toThrow(message);
  });
});
