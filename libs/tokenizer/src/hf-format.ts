import { BpeModel } from './bpe-model';
import { bytesToTokenString, tokenStringToBytes } from './byte-unicode';
import { CharBpeModel } from './char-bpe-model';
import { InvalidSettingsError, TokenizerFormatError } from './errors';
import { metaspacePreparer, NO_TEMPLATE, parseMetaspace, parseNormalizer, parsePieceDecoder, parsePostProcessor, type Metaspace, type TextPreparer } from './hf-pipeline';
import { MetaspaceSplitter, WholeTextSplitter } from './metaspace-splitter';
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
  // A SentencePiece-style tokenizer is only ever read from a file, which it writes back as read.
  if (!(model instanceof BpeModel)) throw new InvalidSettingsError('only byte-level BPE tokenizers can be written as a new tokenizer.json');
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

/**
 * Reads tokenizer.json (and tokenizer_config.json): byte-level BPE (GPT-2, Llama 3, Qwen2: a ByteLevel
 * pre-tokenizer, optionally behind a Split regex and a normalizer) or SentencePiece-style BPE (Llama 2, Mistral:
 * no pre-tokenizer or Metaspace, byte fallback), with their decoders, post-processors and added tokens.
 */
export function parseTokenizerFiles(tokenizerJson: unknown, tokenizerConfig?: unknown): TokenizerParts {
  const root = expectObject(tokenizerJson, 'tokenizer.json');
  const normalize = parseNormalizer(root.normalizer);
  const specialTokens = parseAddedTokens(root.added_tokens ?? [], normalize !== null);
  const template = parsePostProcessor(root.post_processor);
  const modelJson = expectObject(root.model, 'model');
  const addedIds = new Set(specialTokens.map((t) => t.id));
  const settings = tokenizerConfig === undefined ? undefined : parseConfig(tokenizerConfig);
  const source = { tokenizerJson, tokenizerConfig };
  if (isByteLevel(root.pre_tokenizer)) {
    if (root.decoder != null && expectObject(root.decoder, 'decoder').type !== 'ByteLevel') throw unsupported('decoder', root.decoder);
    const { pattern, addPrefixSpace } = parsePreTokenizer(root.pre_tokenizer);
    const model = parseModel(modelJson, addedIds);
    // What serializeTokenizerJson writes back as is; anything more is kept as read, for save() to write.
    const plain = normalize === null && template === NO_TEMPLATE && specialTokens.every((t) => t.special !== false);
    return { model, specialTokens, pattern, addPrefixSpace, prepareText: normalize, template, settings, source: plain ? undefined : source };
  }
  const metaspace = root.pre_tokenizer == null ? null : parseMetaspacePreTokenizer(root.pre_tokenizer);
  const model = parseCharModel(modelJson, addedIds);
  const decoding = parsePieceDecoder(root.decoder, modelJson.byte_fallback === true);
  const metaspaceText = metaspace === null ? null : metaspacePreparer(metaspace);
  const prepareText: TextPreparer | null =
    normalize === null ? metaspaceText : metaspaceText === null ? normalize : (text, atStart) => metaspaceText(normalize(text), atStart);
  const preTokenizer = metaspace?.split ? new MetaspaceSplitter(metaspace.replacement) : new WholeTextSplitter();
  return { model, specialTokens, prepareText, preTokenizer, decoding, template, settings, source };
}

function isByteLevel(json: unknown): boolean {
  if (json === null || typeof json !== 'object') return false;
  const preTokenizer = json as Record<string, unknown>;
  if (preTokenizer.type === 'ByteLevel') return true;
  const steps = preTokenizer.pretokenizers;
  return preTokenizer.type === 'Sequence' && Array.isArray(steps) && (steps[steps.length - 1] as Record<string, unknown> | null)?.type === 'ByteLevel';
}

function parseMetaspacePreTokenizer(json: unknown): Metaspace {
  const preTokenizer = expectObject(json, 'pre_tokenizer');
  if (preTokenizer.type !== 'Metaspace') throw unsupported('pre_tokenizer', json);
  return parseMetaspace(preTokenizer, 'pre_tokenizer');
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

function parseAddedTokens(json: unknown, hasNormalizer: boolean): SpecialToken[] {
  if (!Array.isArray(json)) throw new TokenizerFormatError('tokenizer.json: added_tokens must be an array');
  return json.map((entry, i) => {
    const token = expectObject(entry, `added_tokens[${i}]`);
    if (typeof token.content !== 'string' || token.content.length === 0) throw new TokenizerFormatError(`tokenizer.json: added_tokens[${i}].content must be a non-empty string`);
    if (!Number.isInteger(token.id) || (token.id as number) < 0) throw new TokenizerFormatError(`tokenizer.json: added_tokens[${i}].id must be a non-negative integer`);
    for (const flag of ['lstrip', 'rstrip', 'single_word'] as const) {
      if (token[flag] === true) throw new TokenizerFormatError(`tokenizer.json: added token ${JSON.stringify(token.content)} sets ${flag}, which is not supported`);
    }
    // Matched in the raw text here; a token matched after normalization would need the normalizer's offsets.
    if (hasNormalizer && token.normalized === true) throw new TokenizerFormatError(`tokenizer.json: added token ${JSON.stringify(token.content)} sets normalized with a normalizer present, which is not supported`);
    return token.special === false ? { content: token.content, id: token.id as number, special: false } : { content: token.content, id: token.id as number };
  });
}

function parseModel(model: Record<string, unknown>, addedIds: ReadonlySet<number>): BpeModel {
  checkBpeModel(model);
  if (model.byte_fallback === true) throw new TokenizerFormatError('tokenizer.json: byte_fallback is not supported with a ByteLevel pre-tokenizer (byte-level BPE needs no fallback)');
  const tokenBytes: Array<Uint8Array | undefined> = [];
  const idOf = vocabulary(model);
  for (const [token, id] of idOf) {
    if (addedIds.has(id)) continue;
    const bytes = tokenStringToBytes(token);
    if (bytes === null) throw new TokenizerFormatError(`tokenizer.json: vocab token ${JSON.stringify(token)} is not written in the byte-level alphabet`);
    if (tokenBytes[id] !== undefined) throw new TokenizerFormatError(`tokenizer.json: vocab id ${id} is used twice`);
    tokenBytes[id] = bytes;
  }
  const merges = mergePairs(model).map((pair, rank): [number, number] => {
    const [left, right] = pair.map((part) => {
      const id = idOf.get(part);
      if (id === undefined) throw new TokenizerFormatError(`tokenizer.json: merges[${rank}] uses ${JSON.stringify(part)}, which is not in the vocabulary`);
      return id;
    });
    return [left, right];
  });
  return BpeModel.fromMerges(tokenBytes, merges, model.ignore_merges === true);
}

/** SentencePiece-style BPE: plain-text tokens ("▁" for spaces), byte fallback, an unknown token. */
function parseCharModel(model: Record<string, unknown>, addedIds: ReadonlySet<number>): CharBpeModel {
  checkBpeModel(model);
  if (model.ignore_merges === true) throw new TokenizerFormatError('tokenizer.json: ignore_merges is not supported without a ByteLevel pre-tokenizer');
  const idOf = vocabulary(model);
  const vocab = new Map([...idOf].filter(([, id]) => !addedIds.has(id)));
  let unkId: number | null = null;
  if (model.unk_token != null) {
    unkId = idOf.get(model.unk_token as string) ?? null;
    if (unkId === null) throw new TokenizerFormatError(`tokenizer.json: unk_token ${JSON.stringify(model.unk_token)} is not in the vocabulary`);
  }
  return new CharBpeModel(vocab, mergePairs(model), { unkId, byteFallback: model.byte_fallback === true, fuseUnk: model.fuse_unk === true });
}

function checkBpeModel(model: Record<string, unknown>): void {
  if (model.type !== undefined && model.type !== 'BPE') throw new TokenizerFormatError(`tokenizer.json: model type ${JSON.stringify(model.type)} is not supported (only BPE)`);
  if (model.dropout != null && model.dropout !== 0) throw new TokenizerFormatError('tokenizer.json: BPE dropout is not supported');
  for (const affix of ['continuing_subword_prefix', 'end_of_word_suffix'] as const) {
    if (model[affix] != null && model[affix] !== '') throw new TokenizerFormatError(`tokenizer.json: ${affix} is not supported`);
  }
}

function vocabulary(model: Record<string, unknown>): Map<string, number> {
  const idOf = new Map<string, number>();
  for (const [token, id] of Object.entries(expectObject(model.vocab, 'model.vocab'))) {
    if (!Number.isInteger(id) || (id as number) < 0) throw new TokenizerFormatError(`tokenizer.json: vocab id of ${JSON.stringify(token)} must be a non-negative integer, got ${JSON.stringify(id)}`);
    idOf.set(token, id as number);
  }
  return idOf;
}

/** model.merges as [left, right] token strings; files write each as "left right" or as a pair. */
function mergePairs(model: Record<string, unknown>): Array<[string, string]> {
  if (!Array.isArray(model.merges)) throw new TokenizerFormatError('tokenizer.json: model.merges must be an array');
  return model.merges.map((merge, rank): [string, string] => {
    const parts = typeof merge === 'string' ? merge.split(' ') : merge;
    if (!Array.isArray(parts) || parts.length !== 2 || typeof parts[0] !== 'string' || typeof parts[1] !== 'string') {
      throw new TokenizerFormatError(`tokenizer.json: merges[${rank}] must be "left right" or [left, right], got ${JSON.stringify(merge)}`);
    }
    return [parts[0], parts[1]];
  });
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
  return model.tokenString(id) as string;
}

function expectObject(value: unknown, name: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new TokenizerFormatError(`${name} must be a JSON object, got ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}`);
  return value as Record<string, unknown>;
}

function unsupported(what: string, value: unknown): TokenizerFormatError {
  return new TokenizerFormatError(`tokenizer.json: ${what} ${JSON.stringify(value).slice(0, 200)} is not supported (expected byte-level BPE in the GPT-2 style)`);
}
