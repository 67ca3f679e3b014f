import { Tokenizer as HfTokenizer } from '@huggingface/tokenizers';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { get_encoding } from 'tiktoken';
import { generateMultilingualText } from './__fixtures__/multilingual-text';
import golden from './__fixtures__/r50k-golden.json';
import { renderChatTemplate } from './chat-encoding';
import { TokenizerFormatError } from './errors';
import type { TokenizerJson } from './hf-format';
import { TOKENIZER_CONFIG_FILE, TOKENIZER_FILE } from './model-files';
import { END_OF_TEXT, IM_END, IM_START } from './special-tokens';
import { loadR50kBase } from './tiktoken-ranks';
import { Tokenizer } from './tokenizer';
import { trainBpe } from './trainer';

/** Generated text plus the golden cases, characters where JavaScript's \s differs (U+0085, U+FEFF) and specials. */
const sample =
  generateMultilingualText(41, 60_000) +
  (golden as Array<{ text: string }>).map((c) => c.text).join('\n') +
  `a\u0085 b\ufeff c \u0085\u0085d\n${IM_START}user\nhello${IM_END}\n${END_OF_TEXT}`;

/** GPT-2 (r50k_base) as tokenizer.json, and tiktoken's ids for a text, each computed once for this file. */
const r50kJson = (() => {
  let json: TokenizerJson | undefined;
  return () => (json ??= loadR50kBase().toTokenizerJson());
})();

function tiktokenIds(text: string): number[] {
  const encoding = get_encoding('r50k_base');
  try {
    return Array.from(encoding.encode(text, 'all'));
  } finally {
    encoding.free();
  }
}

function hfIds(tokenizerJson: object, config: object, text: string): number[] {
  return new HfTokenizer(tokenizerJson, config).encode(text, { add_special_tokens: false }).ids;
}

/** GPT-2's tokenizer.json as the Hugging Face Hub ships it: legacy "a b" merges, ByteLevel's built-in regex. */
function gpt2StyleTokenizerJson(from: TokenizerJson): object {
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [{ id: 50256, content: END_OF_TEXT, single_word: false, lstrip: false, rstrip: false, normalized: true, special: true }],
    normalizer: null,
    pre_tokenizer: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true },
    post_processor: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: false, use_regex: true },
    decoder: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true },
    model: { type: 'BPE', dropout: null, unk_token: null, continuing_subword_prefix: '', end_of_word_suffix: '', fuse_unk: false, byte_fallback: false, vocab: from.model.vocab, merges: from.model.merges.map(([l, r]) => `${l} ${r}`) },
  };
}

describe('tokenizer.json written here', () => {
  let trained: Tokenizer;
  beforeAll(async () => {
    trained = await trainBpe([generateMultilingualText(40, 200_000)], { vocabSize: 800, modelMaxLength: 256 });
  });

  it('loads in @huggingface/tokenizers and gives the same ids (trained, GPT-2 pattern)', () => {
    const ids = hfIds(trained.toTokenizerJson(), trained.toTokenizerConfig(), sample);
    expect(ids).toEqual(trained.encode(sample));
  });

  it('loads in @huggingface/tokenizers and gives the same ids (trained, cl100k pattern)', async () => {
    const cl100kStyle = await trainBpe([generateMultilingualText(42, 100_000)], { vocabSize: 600, pattern: 'cl100k' });
    expect(hfIds(cl100kStyle.toTokenizerJson(), cl100kStyle.toTokenizerConfig(), sample)).toEqual(cl100kStyle.encode(sample));
  });

  it('round-trips through this library unchanged', () => {
    const reloaded = Tokenizer.fromTokenizerJson(JSON.parse(JSON.stringify(trained.toTokenizerJson())), JSON.parse(JSON.stringify(trained.toTokenizerConfig())));
    expect(reloaded.encode(sample)).toEqual(trained.encode(sample));
    expect(reloaded.settings).toEqual(trained.settings);
    expect(reloaded.specialTokens).toEqual(trained.specialTokens);
    expect(reloaded.toTokenizerJson()).toEqual(trained.toTokenizerJson());
  });

  it('r50k_base exported as tokenizer.json gives tiktoken ids in @huggingface/tokenizers', () => {
    const text = generateMultilingualText(43, 10_000) + sample;
    expect(hfIds(r50kJson(), {}, text)).toEqual(tiktokenIds(text));
  });

  it('is a model directory transformers.js can load (ids, decoding, chat template)', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'tokenizer-model-'));
    try {
      await trained.save(join(directory, 'tiny-model'));
      const { env, AutoTokenizer } = await import('@huggingface/transformers');
      env.allowRemoteModels = false;
      env.localModelPath = directory;
      const loaded = await AutoTokenizer.from_pretrained('tiny-model');
      const ids = trained.encode(sample);
      expect(loaded.encode(sample, { add_special_tokens: false })).toEqual(ids);
      expect(loaded.decode(ids)).toBe(trained.decode(ids));
      const messages = [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi!' },
      ];
      const chatml = '<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi!<|im_end|>\n<|im_start|>assistant\n';
      expect(loaded.apply_chat_template(messages, { tokenize: false, add_generation_prompt: true })).toBe(chatml);
      expect(renderChatTemplate(trained, messages, { addGenerationPrompt: true })).toBe(chatml);
      expect(loaded.model_max_length).toBe(256);
      const config = JSON.parse(await readFile(join(directory, 'tiny-model', TOKENIZER_CONFIG_FILE), 'utf8'));
      expect(config).toMatchObject({ bos_token: END_OF_TEXT, eos_token: END_OF_TEXT, model_max_length: 256 });
      const reloaded = await Tokenizer.load(join(directory, 'tiny-model'));
      expect(reloaded.encode(sample)).toEqual(ids);
      expect(reloaded.settings).toEqual(trained.settings);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});

describe('tokenizer.json from elsewhere', () => {
  it("loads GPT-2's Hub layout (ByteLevel regex, string merges) and matches tiktoken and @huggingface/tokenizers", () => {
    const gpt2Json = gpt2StyleTokenizerJson(r50kJson());
    const loaded = Tokenizer.fromTokenizerJson(gpt2Json, { model_max_length: 1024, bos_token: END_OF_TEXT, eos_token: { content: END_OF_TEXT } });
    const text = generateMultilingualText(44, 30_000) + END_OF_TEXT;
    const expected = tiktokenIds(text);
    expect(loaded.encode(text)).toEqual(expected);
    expect(hfIds(gpt2Json, {}, text)).toEqual(expected);
    expect(loaded.eosTokenId).toBe(50256);
    expect(loaded.model.ignoreMerges).toBe(false);
  });

  it('loads a model directory without tokenizer_config.json', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'tokenizer-model-'));
    try {
      const tokenizer = await trainBpe(['hello hello world world'], { vocabSize: 270 });
      await writeFile(join(directory, TOKENIZER_FILE), JSON.stringify(tokenizer.toTokenizerJson()));
      const loaded = await Tokenizer.load(directory);
      expect(loaded.encode('hello world')).toEqual(tokenizer.encode('hello world'));
      expect(loaded.settings.bosToken).toBeNull();
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});

describe('malformed tokenizer.json', () => {
  let validJson: string;
  beforeAll(async () => {
    validJson = JSON.stringify((await trainBpe(['low lower lowest newer wider'], { vocabSize: 280 })).toTokenizerJson());
  });
  const valid = () => JSON.parse(validJson) as Record<string, any>;
  const cases: Array<[string, (json: Record<string, any>) => unknown, RegExp]> = [
    ['not an object', () => [], /tokenizer.json must be a JSON object, got an array/],
    ['no model', (j) => ({ ...j, model: undefined }), /model must be a JSON object/],
    ['another model type', (j) => ({ ...j, model: { ...j.model, type: 'WordPiece' } }), /model type "WordPiece" is not supported/],
    ['a merge of unknown tokens', (j) => ({ ...j, model: { ...j.model, merges: [['Ġ', 'nope']] } }), /merges\[0\] uses "nope", which is not in the vocabulary/],
    ['a malformed merge', (j) => ({ ...j, model: { ...j.model, merges: ['a b c'] } }), /merges\[0\] must be "left right"/],
    ['a merge whose result is missing', (j) => ({ ...j, model: { ...j.model, merges: [['x', 'q']] } }), /produces "xq", which is not in the vocabulary/],
    ['a vocab token outside the byte alphabet', (j) => ({ ...j, model: { ...j.model, vocab: { ...j.model.vocab, 'a b': 600 } } }), /not written in the byte-level alphabet/],
    ['a negative vocab id', (j) => ({ ...j, model: { ...j.model, vocab: { ...j.model.vocab, Ġzzzz: -3 } } }), /must be a non-negative integer/],
    ['a normalizer other than NFC/NFKC/Prepend/Replace', (j) => ({ ...j, normalizer: { type: 'Lowercase' } }), /normalizer .* is not supported/],
    ['a word-level pre-tokenizer', (j) => ({ ...j, pre_tokenizer: { type: 'Whitespace' } }), /pre_tokenizer .* is not supported/],
    ['an lstrip added token', (j) => ({ ...j, added_tokens: [{ ...j.added_tokens[0], lstrip: true }] }), /sets lstrip/],
    ['added tokens that are not a list', (j) => ({ ...j, added_tokens: {} }), /added_tokens must be an array/],
    ['a missing byte', (j) => ({ ...j, model: { ...j.model, vocab: Object.fromEntries(Object.entries(j.model.vocab).filter(([t]) => t !== '!')), merges: [] } }), /no token for byte 0x21/],
  ];
  it.each(cases)('rejects %s with a TokenizerFormatError', (_name, corrupt, message) => {
    let error: unknown;
    try {
      Tokenizer.fromTokenizerJson(corrupt(valid()));
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(TokenizerFormatError);
    expect((error as Error).message).toMatch(message);
  });

  it('rejects tokenizer_config.json naming a bos token the tokenizer lacks', () => {
    expect(() => Tokenizer.fromTokenizerJson(valid(), { bos_token: '<s>' })).toThrow(/unknown special token "<s>"/);
  });

  it('rejects a file that is not JSON', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'tokenizer-model-'));
    try {
      await writeFile(join(directory, TOKENIZER_FILE), '{"version": ');
      await expect(Tokenizer.load(directory)).rejects.toThrow(TokenizerFormatError);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
