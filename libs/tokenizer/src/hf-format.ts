import { BpeModel } from './bpe-model';
import { bytesToTokenString, tokenStringToBytes } from './byte-unicode';
import { InvalidSettingsError, TokenizerFormatError } from './errors';
import type { ModelFileSettings } from './model-file-settings';
import type { SpecialToken } from './special-tokens';
import { GPT2_PATTERN } from './split-patterns';
import type { Tokenizer, TokenizerParts } from './tokenizer';

/** The subset of Hugging Face's tokenizer.json this library reads and writes (byte-level BPE). */
export interface TokenizerJson {
  version: string;
  truncation: null;
  padding: null;
  added_tokens: AddedTokenJson[];
  normalizer: null;
  pre_tokenizer: Record<string, unknown>;
  post_processor: null;
  decoder: Record<string, unknown>;
  model: {
    type: 'BPE';
    dropout: null;
    unk_token: null;
    continuing_subword_prefix: null;
    end_of_word_suffix: null;
    fuse_unk: boolean;
    byte_fallback: boolean;
    ignore_merges: boolean;
    vocab: Record<string, number>;
    merges: Array<[string, string]>;
  };
}

export interface AddedTokenJson {
  id: number;
  content: string;
  single_word: boolean;
  lstrip: boolean;
  rstrip: boolean;
  normalized: boolean;
  special: boolean;
}

export type TokenizerConfigJson = Record<string, unknown>;

export function serializeTokenizerJson(tokenizer: Tokenizer): TokenizerJson {
  const { model } = tokenizer;
  const vocab: Record<string, number> = {};
  const entries: Array<[string, number]> = [];
  model.tokenBytes.forEach((bytes, id) => bytes && entries.push([bytesToTokenString(bytes), id]));
  // Special tokens are in the vocabulary too (as in GPT-2's file), so every reader assigns them these ids.
  for (const { content, id } of tokenizer.specialTokens) entries.push([content, id]);
  entries.sort((a, b) => a[1] - b[1]);
  for (const [token, id] of entries) vocab[token] = id;
  const merges = model.merges().map(([left, right]): [string, string] => [tokenString(model, left), tokenString(model, right)]);
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: tokenizer.specialTokens.map(({ id, content }) => ({ id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true })),
    normalizer: null,
    pre_tokenizer: preTokenizerJson(tokenizer.pattern, tokenizer.addPrefixSpace),
    post_processor: null,
    decoder: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true },
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: null,
      continuing_subword_prefix: null,
      end_of_word_suffix: null,
      fuse_unk: false,
      byte_fallback: false,
      // tiktoken-style ranks encode a piece that is itself a token as that token; ignore_merges says the same.
      ignore_merges: model.ignoreMerges,
      vocab,
      merges,
    },
  };
}

/**
 * The pattern goes into an explicit Split step (rather than ByteLevel's built-in regex) because readers agree on
 * what \s means there; tokenizers.js runs ByteLevel's built-in regex with JavaScript's \s instead.
 */
function preTokenizerJson(pattern: string, addPrefixSpace: boolean): Record<string, unknown> {
  if (addPrefixSpace) {
    if (pattern !== GPT2_PATTERN) throw new InvalidSettingsError('addPrefixSpace can only be saved together with the GPT-2 pattern');
    return { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true };
  }
  return {
    type: 'Sequence',
    pretokenizers: [
      { type: 'Split', pattern: { Regex: pattern }, behavior: 'Isolated', invert: false },
      { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: false },
    ],
  };
}

export function serializeTokenizerConfig(tokenizer: Tokenizer): TokenizerConfigJson {
  const { settings } = tokenizer;
  const addedTokensDecoder: Record<string, unknown> = {};
  for (const { id, content } of tokenizer.specialTokens) {
    addedTokensDecoder[String(id)] = { content, lstrip: false, normalized: false, rstrip: false, single_word: false, special: true };
  }
  return {
    add_bos_token: false,
    add_eos_token: false,
    add_prefix_space: tokenizer.addPrefixSpace,
    added_tokens_decoder: addedTokensDecoder,
    bos_token: settings.bosToken,
    eos_token: settings.eosToken,
    pad_token: settings.padToken,
    unk_token: null,
    chat_template: settings.chatTemplate,
    // Hugging Face would otherwise "clean up" decoded text (" ." -> "."), which breaks decode(encode(x)) == x.
    clean_up_tokenization_spaces: false,
    model_max_length: settings.modelMaxLength,
    tokenizer_class: 'GPT2Tokenizer',
  };
}

export function parseTokenizerFiles(tokenizerJson: unknown, tokenizerConfig?: unknown): TokenizerParts {
  const root = expectObject(tokenizerJson, 'tokenizer.json');
  if (root.normalizer != null) throw unsupported('normalizer', root.normalizer);
  if (root.post_processor != null && expectObject(root.post_processor, 'post_processor').type !== 'ByteLevel') throw unsupported('post_processor', root.post_processor);
  if (root.decoder != null && expectObject(root.decoder, 'decoder').type !== 'ByteLevel') throw unsupported('decoder', root.decoder);
  const { pattern, addPrefixSpace } = parsePreTokenizer(root.pre_tokenizer);
  const specialTokens = parseAddedTokens(root.added_tokens ?? []);
  const model = parseModel(expectObject(root.model, 'model'), new Set(specialTokens.map((t) => t.id)));
  return { model, specialTokens, pattern, addPrefixSpace, settings: tokenizerConfig === undefined ? undefined : parseConfig(tokenizerConfig) };
}

function parsePreTokenizer(json: unknown): { pattern: string; addPrefixSpace: boolean } {
  const preTokenizer = expectObject(json, 'pre_tokenizer');
  if (preTokenizer.type === 'ByteLevel' && preTokenizer.use_regex !== false) {
    return { pattern: GPT2_PATTERN, addPrefixSpace: preTokenizer.add_prefix_space === true };
  }
  if (preTokenizer.type === 'Sequence' && Array.isArray(preTokenizer.pretokenizers) && preTokenizer.pretokenizers.length === 2) {
    const split = expectObject(preTokenizer.pretokenizers[0], 'pre_tokenizer.pretokenizers[0]');
    const byteLevel = expectObject(preTokenizer.pretokenizers[1], 'pre_tokenizer.pretokenizers[1]');
    const regex = split.pattern !== null && typeof split.pattern === 'object' ? (split.pattern as Record<string, unknown>).Regex : undefined;
    const isolated = split.behavior === undefined || split.behavior === 'Isolated';
    if (split.type === 'Split' && typeof regex === 'string' && isolated && split.invert !== true && byteLevel.type === 'ByteLevel' && byteLevel.use_regex === false && byteLevel.add_prefix_space !== true) {
      return { pattern: regex, addPrefixSpace: false };
    }
  }
  throw unsupported('pre_tokenizer', json);
}

function parseAddedTokens(json: unknown): SpecialToken[] {
  if (!Array.isArray(json)) throw new TokenizerFormatError('tokenizer.json: added_tokens must be an array');
  return json.map((entry, i) => {
    const token = expectObject(entry, `added_tokens[${i}]`);
    if (typeof token.content !== 'string' || token.content.length === 0) throw new TokenizerFormatError(`tokenizer.json: added_tokens[${i}].content must be a non-empty string`);
    if (!Number.isInteger(token.id) || (token.id as number) < 0) throw new TokenizerFormatError(`tokenizer.json: added_tokens[${i}].id must be a non-negative integer`);
    for (const flag of ['lstrip', 'rstrip', 'single_word'] as const) {
      if (token[flag] === true) throw new TokenizerFormatError(`tokenizer.json: added token ${JSON.stringify(token.content)} sets ${flag}, which is not supported`);
    }
    return { content: token.content, id: token.id as number };
  });
}

function parseModel(model: Record<string, unknown>, specialIds: ReadonlySet<number>): BpeModel {
  if (model.type !== undefined && model.type !== 'BPE') throw new TokenizerFormatError(`tokenizer.json: model type ${JSON.stringify(model.type)} is not supported (only BPE)`);
  if (model.dropout != null && model.dropout !== 0) throw new TokenizerFormatError('tokenizer.json: BPE dropout is not supported');
  if (model.byte_fallback === true) throw new TokenizerFormatError('tokenizer.json: byte_fallback is not supported (byte-level BPE needs no fallback)');
  for (const affix of ['continuing_subword_prefix', 'end_of_word_suffix'] as const) {
    if (model[affix] != null && model[affix] !== '') throw new TokenizerFormatError(`tokenizer.json: ${affix} is not supported`);
  }
  const vocab = expectObject(model.vocab, 'model.vocab');
  const tokenBytes: Array<Uint8Array | undefined> = [];
  const idOf = new Map<string, number>();
  for (const [token, id] of Object.entries(vocab)) {
    if (!Number.isInteger(id) || (id as number) < 0) throw new TokenizerFormatError(`tokenizer.json: vocab id of ${JSON.stringify(token)} must be a non-negative integer, got ${JSON.stringify(id)}`);
    idOf.set(token, id as number);
    if (specialIds.has(id as number)) continue;
    const bytes = tokenStringToBytes(token);
    if (bytes === null) throw new TokenizerFormatError(`tokenizer.json: vocab token ${JSON.stringify(token)} is not written in the byte-level alphabet`);
    if (tokenBytes[id as number] !== undefined) throw new TokenizerFormatError(`tokenizer.json: vocab id ${id} is used twice`);
    tokenBytes[id as number] = bytes;
  }
  if (!Array.isArray(model.merges)) throw new TokenizerFormatError('tokenizer.json: model.merges must be an array');
  const merges = model.merges.map((merge, rank): [number, number] => {
    const parts = typeof merge === 'string' ? merge.split(' ') : merge;
    if (!Array.isArray(parts) || parts.length !== 2 || typeof parts[0] !== 'string' || typeof parts[1] !== 'string') {
      throw new TokenizerFormatError(`tokenizer.json: merges[${rank}] must be "left right" or [left, right], got ${JSON.stringify(merge)}`);
    }
    const [left, right] = parts.map((part: string) => {
      const id = idOf.get(part);
      if (id === undefined) throw new TokenizerFormatError(`tokenizer.json: merges[${rank}] uses ${JSON.stringify(part)}, which is not in the vocabulary`);
      return id;
    });
    return [left, right];
  });
  return BpeModel.fromMerges(tokenBytes, merges, model.ignore_merges === true);
}

function parseConfig(json: unknown): Partial<ModelFileSettings> {
  const config = expectObject(json, 'tokenizer_config.json');
  const maxLength = config.model_max_length;
  if (maxLength !== undefined && (typeof maxLength !== 'number' || !(maxLength >= 1))) throw new TokenizerFormatError(`tokenizer_config.json: model_max_length must be a positive number, got ${JSON.stringify(maxLength)}`);
  return {
    bosToken: tokenContent(config.bos_token, 'bos_token'),
    eosToken: tokenContent(config.eos_token, 'eos_token'),
    padToken: tokenContent(config.pad_token, 'pad_token'),
    // Hugging Face writes "no limit" as 1e30; anything past 2^53 is treated as unlimited.
    modelMaxLength: maxLength === undefined ? undefined : Math.min(Math.floor(maxLength), Number.MAX_SAFE_INTEGER),
    chatTemplate: chatTemplate(config.chat_template),
  };
}

function tokenContent(value: unknown, name: string): string | null {
  if (value == null) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && typeof (value as Record<string, unknown>).content === 'string') return (value as Record<string, string>).content;
  throw new TokenizerFormatError(`tokenizer_config.json: ${name} must be a string or {content}, got ${JSON.stringify(value)}`);
}

function chatTemplate(value: unknown): string | null {
  if (value == null) return null;
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) {
    const named = value.find((t) => t?.name === 'default') ?? value[0];
    if (typeof named?.template === 'string') return named.template;
  }
  throw new TokenizerFormatError('tokenizer_config.json: chat_template must be a string or a list of {name, template}');
}

function tokenString(model: BpeModel, id: number): string {
  return bytesToTokenString(model.tokenBytes[id] as Uint8Array);
}

function expectObject(value: unknown, name: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new TokenizerFormatError(`${name} must be a JSON object, got ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}`);
  return value as Record<string, unknown>;
}

function unsupported(what: string, value: unknown): TokenizerFormatError {
  return new TokenizerFormatError(`tokenizer.json: ${what} ${JSON.stringify(value).slice(0, 200)} is not supported (expected byte-level BPE in the GPT-2 style)`);
}
