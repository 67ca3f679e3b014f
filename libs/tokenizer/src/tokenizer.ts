import { BpeEncoder } from './bpe-encoder';
import type { BpeModel } from './bpe-model';
import { bytesToTokenString } from './byte-unicode';
import { InvalidSettingsError, InvalidTokenIdError, TokenizerFormatError } from './errors';
import { parseTokenizerFiles, serializeTokenizerConfig, serializeTokenizerJson, type TokenizerConfigJson, type TokenizerJson } from './hf-format';
import { DEFAULT_MODEL_MAX_LENGTH, type ModelFileSettings } from './model-file-settings';
import { readTokenizerFiles, writeTokenizerFiles } from './model-files';
import { createPreTokenizer, GPT2_PATTERN } from './split-patterns';
import { SpecialTokenMatcher, type AllowedSpecial, type SpecialToken } from './special-tokens';
import { StreamDecoder } from './streaming-decoder';

export interface TokenizerParts {
  readonly model: BpeModel;
  readonly specialTokens: readonly SpecialToken[];
  /** Pre-tokenization pattern (tokenizer.json syntax); GPT-2's when omitted. */
  readonly pattern?: string;
  /** Prepend a space to text that does not start with one (Hugging Face ByteLevel add_prefix_space). */
  readonly addPrefixSpace?: boolean;
  readonly settings?: Partial<ModelFileSettings>;
}

export interface EncodeOptions {
  /** Special tokens recognised in the text; 'all' by default. With 'none', "<|endoftext|>" is plain text. */
  readonly allowedSpecial?: AllowedSpecial;
}

export interface DecodeOptions {
  readonly skipSpecialTokens?: boolean;
}

const utf8Encoder = new TextEncoder();

/**
 * A byte-level BPE tokenizer: encoding, decoding (whole or streamed) and token counting, plus the metadata a
 * Hugging Face model directory carries (bos/eos tokens, chat template, maximum length).
 */
export class Tokenizer {
  readonly model: BpeModel;
  readonly pattern: string;
  readonly addPrefixSpace: boolean;
  readonly settings: ModelFileSettings;
  private readonly specials: SpecialTokenMatcher;
  private readonly specialBytes = new Map<number, Uint8Array>();
  private readonly encoder: BpeEncoder;
  private readonly textDecoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

  constructor(parts: TokenizerParts) {
    this.model = parts.model;
    this.pattern = parts.pattern ?? GPT2_PATTERN;
    this.addPrefixSpace = parts.addPrefixSpace ?? false;
    this.specials = new SpecialTokenMatcher(parts.specialTokens);
    for (const { content, id } of parts.specialTokens) {
      if (!Number.isInteger(id) || id < 0) throw new InvalidSettingsError(`special token ${JSON.stringify(content)} has invalid id ${id}`);
      if (this.model.tokenBytes[id] !== undefined || this.specialBytes.has(id)) throw new TokenizerFormatError(`special token ${JSON.stringify(content)} reuses id ${id}, which already belongs to another token`);
      this.specialBytes.set(id, utf8Encoder.encode(content));
    }
    this.settings = {
      bosToken: parts.settings?.bosToken ?? null,
      eosToken: parts.settings?.eosToken ?? null,
      padToken: parts.settings?.padToken ?? null,
      modelMaxLength: parts.settings?.modelMaxLength ?? DEFAULT_MODEL_MAX_LENGTH,
      chatTemplate: parts.settings?.chatTemplate ?? null,
    };
    for (const role of ['bosToken', 'eosToken', 'padToken'] as const) {
      const content = this.settings[role];
      if (content !== null) this.specials.idOf(content);
    }
    if (!Number.isInteger(this.settings.modelMaxLength) || this.settings.modelMaxLength < 1) {
      throw new InvalidSettingsError(`modelMaxLength must be a positive integer, got ${this.settings.modelMaxLength}`);
    }
    this.encoder = new BpeEncoder(this.model, createPreTokenizer(this.pattern));
  }

  /** Reads the contents of tokenizer.json (and optionally tokenizer_config.json). */
  static fromTokenizerJson(tokenizerJson: unknown, tokenizerConfig?: unknown): Tokenizer {
    return new Tokenizer(parseTokenizerFiles(tokenizerJson, tokenizerConfig));
  }

  /** Loads a model directory: tokenizer.json, with tokenizer_config.json when present. */
  static async load(directory: string): Promise<Tokenizer> {
    const { tokenizerJson, tokenizerConfig } = await readTokenizerFiles(directory);
    return Tokenizer.fromTokenizerJson(tokenizerJson, tokenizerConfig);
  }

  /** Writes tokenizer.json and tokenizer_config.json into a model directory (created if missing). */
  async save(directory: string): Promise<void> {
    await writeTokenizerFiles(directory, { tokenizerJson: this.toTokenizerJson(), tokenizerConfig: this.toTokenizerConfig() });
  }

  /** Number of ids in use: one more than the largest ordinary or special token id. */
  get vocabSize(): number {
    let size = this.model.tokenBytes.length;
    for (const { id } of this.specials.tokens) size = Math.max(size, id + 1);
    return size;
  }

  get specialTokens(): readonly SpecialToken[] {
    return this.specials.tokens;
  }

  /** Id of a special token; UnknownSpecialTokenError if the tokenizer does not define it. */
  specialTokenId(content: string): number {
    return this.specials.idOf(content);
  }

  get bosTokenId(): number | null {
    return this.settings.bosToken === null ? null : this.specials.idOf(this.settings.bosToken);
  }

  get eosTokenId(): number | null {
    return this.settings.eosToken === null ? null : this.specials.idOf(this.settings.eosToken);
  }

  encode(text: string, options: EncodeOptions = {}): number[] {
    const ids: number[] = [];
    this.run(text, options, ids);
    return ids;
  }

  encodeBatch(texts: readonly string[], options: EncodeOptions = {}): number[][] {
    return texts.map((text) => this.encode(text, options));
  }

  /** Same count as encode(text).length, without building the id array (billing and context-length checks). */
  countTokens(text: string, options: EncodeOptions = {}): number {
    return this.run(text, options, null);
  }

  decode(ids: ArrayLike<number>, options: DecodeOptions = {}): string {
    return this.textDecoder.decode(this.decodeBytes(ids, options));
  }

  /** The raw bytes of the ids, which need not be valid UTF-8 when a sequence stops inside a character. */
  decodeBytes(ids: ArrayLike<number>, options: DecodeOptions = {}): Uint8Array {
    const parts: Uint8Array[] = new Array(ids.length);
    let total = 0;
    let count = 0;
    for (let i = 0; i < ids.length; i++) {
      const bytes = this.bytesOf(ids[i], options.skipSpecialTokens ?? false);
      if (bytes === null) continue;
      parts[count++] = bytes;
      total += bytes.length;
    }
    const out = new Uint8Array(total);
    let offset = 0;
    for (let i = 0; i < count; i++) {
      out.set(parts[i], offset);
      offset += parts[i].length;
    }
    return out;
  }

  /** A decoder for one generated sequence that hands out text as soon as it forms whole characters. */
  createStreamDecoder(options: DecodeOptions = {}): StreamDecoder {
    const skipSpecialTokens = options.skipSpecialTokens ?? false;
    return new StreamDecoder((id) => this.bytesOf(id, skipSpecialTokens));
  }

  /** The token as Hugging Face vocabularies spell it (bytes shown through GPT-2's byte-to-unicode map). */
  idToToken(id: number): string {
    const bytes = this.model.tokenBytes[id];
    if (bytes !== undefined) return bytesToTokenString(bytes);
    const special = this.specials.tokens.find((t) => t.id === id);
    if (special === undefined) throw new InvalidTokenIdError(id, this.vocabSize);
    return special.content;
  }

  tokenToId(token: string): number | undefined {
    return this.model.idOfTokenString.get(token) ?? (this.specials.has(token) ? this.specials.idOf(token) : undefined);
  }

  toTokenizerJson(): TokenizerJson {
    return serializeTokenizerJson(this);
  }

  toTokenizerConfig(): TokenizerConfigJson {
    return serializeTokenizerConfig(this);
  }

  private run(text: string, options: EncodeOptions, out: number[] | null): number {
    const wellFormed = toWellFormed(text);
    const matcher = this.specials.restrictTo(options.allowedSpecial ?? 'all');
    let count = 0;
    matcher.segment(
      wellFormed,
      (start, end) => (count += this.encodeOrdinary(wellFormed, start, end, out)),
      (id) => {
        out?.push(id);
        count++;
      },
    );
    return count;
  }

  private encodeOrdinary(text: string, start: number, end: number, out: number[] | null): number {
    if (this.addPrefixSpace && text.charCodeAt(start) !== 0x20) {
      const prefixed = ' ' + text.slice(start, end);
      return this.encoder.encode(prefixed, 0, prefixed.length, out);
    }
    return this.encoder.encode(text, start, end, out);
  }

  private bytesOf(id: number, skipSpecialTokens: boolean): Uint8Array | null {
    const bytes = this.model.tokenBytes[id];
    if (bytes !== undefined) return bytes;
    const special = this.specialBytes.get(id);
    if (special === undefined) throw new InvalidTokenIdError(id, this.vocabSize);
    return skipSpecialTokens ? null : special;
  }
}

/**
 * Lone surrogates become U+FFFD before anything else looks at the text, as they do when tiktoken or Hugging Face
 * receive a JavaScript string, so encoding never throws and agrees with them on such input.
 */
function toWellFormed(text: string): string {
  const wellFormedText = text as string & { isWellFormed(): boolean; toWellFormed(): string };
  return wellFormedText.isWellFormed() ? text : wellFormedText.toWellFormed();
}
