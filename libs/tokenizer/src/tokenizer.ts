import { BpeEncoder } from './bpe-encoder';
import type { BpeModel } from './bpe-model';
import type { CharBpeModel } from './char-bpe-model';
import { InvalidSettingsError, InvalidTokenIdError, TokenizerFormatError } from './errors';
import { parseTokenizerFiles, serializeTokenizerConfig, serializeTokenizerJson, type TokenizerConfigJson, type TokenizerJson } from './hf-format';
import { NO_TEMPLATE, type PieceDecoding, type SequenceTemplate, type TextPreparer } from './hf-pipeline';
import { DEFAULT_MODEL_MAX_LENGTH, type ModelFileSettings } from './model-file-settings';
import { readTokenizerFiles, writeTokenizerFiles } from './model-files';
import type { PreTokenizer } from './pre-tokenizer';
import { createPreTokenizer, GPT2_PATTERN } from './split-patterns';
import { SpecialTokenMatcher, type AllowedSpecial, type SpecialToken } from './special-tokens';
import { StreamDecoder } from './streaming-decoder';

export interface TokenizerParts {
  /** Byte-level BPE (GPT-2, Llama 3, Qwen2) or SentencePiece-style BPE over characters (Llama 2, Mistral). */
  readonly model: BpeModel | CharBpeModel;
  /** Added tokens: matched whole in text before anything else (special ones are the ones decoding can skip). */
  readonly specialTokens: readonly SpecialToken[];
  /** Pre-tokenization pattern (tokenizer.json syntax); GPT-2's when omitted. */
  readonly pattern?: string;
  /** Prepend a space to text that does not start with one (Hugging Face ByteLevel add_prefix_space). */
  readonly addPrefixSpace?: boolean;
  /** Rewrites each stretch of ordinary text before it is split (normalizer; Metaspace's spaces). */
  readonly prepareText?: TextPreparer | null;
  /** Splits text into pieces instead of the pattern's splitter (SentencePiece-style files). */
  readonly preTokenizer?: PreTokenizer;
  /** How a SentencePiece-style model's tokens become text; byte-level tokens are their bytes. */
  readonly decoding?: PieceDecoding;
  /** Special tokens encode() puts around the text with addSpecialTokens (the file's post-processor). */
  readonly template?: SequenceTemplate;
  /** The files as read, which save() writes back when they hold more than this library writes itself. */
  readonly source?: { readonly tokenizerJson: unknown; readonly tokenizerConfig: unknown };
  readonly settings?: Partial<ModelFileSettings>;
}

export interface EncodeOptions {
  /**
   * Special tokens recognised in the text; 'all' by default. With 'none', "<|endoftext|>" is plain text. Added
   * tokens that are not special (Qwen2's "<tool_call>") are always recognised, as Hugging Face does.
   */
  readonly allowedSpecial?: AllowedSpecial;
  /** Put the post-processor's special tokens around the text (BOS for Llama and Mistral); false by default. */
  readonly addSpecialTokens?: boolean;
}

export interface DecodeOptions {
  readonly skipSpecialTokens?: boolean;
}

const utf8Encoder = new TextEncoder();

/**
 * A BPE tokenizer (byte-level or SentencePiece-style): encoding, decoding (whole or streamed) and token counting,
 * plus the metadata a Hugging Face model directory carries (bos/eos tokens, chat template, maximum length).
 */
export class Tokenizer {
  readonly model: BpeModel | CharBpeModel;
  readonly pattern: string;
  readonly addPrefixSpace: boolean;
  readonly settings: ModelFileSettings;
  readonly template: SequenceTemplate;
  private readonly specials: SpecialTokenMatcher;
  private readonly specialBytes = new Map<number, Uint8Array>();
  /** Ids of added tokens that decoding keeps even with skipSpecialTokens. */
  private readonly keptAddedIds = new Set<number>();
  private readonly encoder: BpeEncoder;
  private readonly prepareText: TextPreparer | null;
  /** Each token's bytes as decoded text (a SentencePiece-style "▁" already a space). */
  private readonly decodedBytes: ReadonlyArray<Uint8Array | undefined>;
  private readonly stripLeadingSpace: boolean;
  private readonly source: TokenizerParts['source'];
  private readonly textDecoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

  constructor(parts: TokenizerParts) {
    this.model = parts.model;
    this.pattern = parts.pattern ?? GPT2_PATTERN;
    this.addPrefixSpace = parts.addPrefixSpace ?? false;
    this.specials = new SpecialTokenMatcher(parts.specialTokens);
    for (const { content, id, special } of parts.specialTokens) {
      if (!Number.isInteger(id) || id < 0) throw new InvalidSettingsError(`special token ${JSON.stringify(content)} has invalid id ${id}`);
      if (this.model.tokenBytes[id] !== undefined || this.specialBytes.has(id)) throw new TokenizerFormatError(`special token ${JSON.stringify(content)} reuses id ${id}, which already belongs to another token`);
      this.specialBytes.set(id, utf8Encoder.encode(content));
      if (special === false) this.keptAddedIds.add(id);
    }
    this.template = parts.template ?? NO_TEMPLATE;
    this.source = parts.source;
    const prefixSpace: TextPreparer | null = this.addPrefixSpace ? (text) => (text.charCodeAt(0) === 0x20 ? text : ' ' + text) : null;
    const prepare = parts.prepareText ?? null;
    this.prepareText = prepare === null ? prefixSpace : prefixSpace === null ? prepare : (text, atStart) => prefixSpace(prepare(text, atStart), atStart);
    this.decodedBytes = parts.decoding === undefined ? this.model.tokenBytes : spacesRestored(this.model as CharBpeModel, parts.decoding.replacement);
    this.stripLeadingSpace = parts.decoding?.stripLeadingSpace ?? false;
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
    this.encoder = new BpeEncoder(this.model, parts.preTokenizer ?? createPreTokenizer(this.pattern));
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
    const ids: number[] = options.addSpecialTokens ? [...this.template.prefix] : [];
    this.run(text, options, ids);
    if (options.addSpecialTokens) ids.push(...this.template.suffix);
    return ids;
  }

  encodeBatch(texts: readonly string[], options: EncodeOptions = {}): number[][] {
    return texts.map((text) => this.encode(text, options));
  }

  /** Same count as encode(text).length, without building the id array (billing and context-length checks). */
  countTokens(text: string, options: EncodeOptions = {}): number {
    const added = options.addSpecialTokens ? this.template.prefix.length + this.template.suffix.length : 0;
    return this.run(text, options, null) + added;
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
      let bytes = this.bytesOf(ids[i], options.skipSpecialTokens ?? false);
      if (bytes === null) continue;
      if (count === 0 && this.stripLeadingSpace && bytes[0] === 0x20) bytes = bytes.subarray(1);
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

  /** One token's bytes as they read inside a text (no leading space stripped); a special token's content. */
  tokenBytes(id: number): Uint8Array {
    return this.bytesOf(id, false) as Uint8Array;
  }

  /** A decoder for one generated sequence that hands out text as soon as it forms whole characters. */
  createStreamDecoder(options: DecodeOptions = {}): StreamDecoder {
    const skipSpecialTokens = options.skipSpecialTokens ?? false;
    let first = this.stripLeadingSpace;
    return new StreamDecoder((id) => {
      const bytes = this.bytesOf(id, skipSpecialTokens);
      if (!first || bytes === null) return bytes;
      first = false;
      return bytes[0] === 0x20 ? bytes.subarray(1) : bytes;
    });
  }

  /** The token as the vocabulary of tokenizer.json spells it (byte-level: bytes shown through GPT-2's map). */
  idToToken(id: number): string {
    const token = this.model.tokenString(id);
    if (token !== undefined) return token;
    const special = this.specials.tokens.find((t) => t.id === id);
    if (special === undefined) throw new InvalidTokenIdError(id, this.vocabSize);
    return special.content;
  }

  tokenToId(token: string): number | undefined {
    return this.model.idOfTokenString.get(token) ?? (this.specials.has(token) ? this.specials.idOf(token) : undefined);
  }

  /** tokenizer.json: as read when it holds more than this library writes (normalizer, template, byte fallback). */
  toTokenizerJson(): TokenizerJson {
    return (this.source?.tokenizerJson as TokenizerJson | undefined) ?? serializeTokenizerJson(this);
  }

  toTokenizerConfig(): TokenizerConfigJson {
    return (this.source?.tokenizerConfig as TokenizerConfigJson | undefined) ?? serializeTokenizerConfig(this);
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
    if (this.prepareText !== null) {
      const prepared = this.prepareText(text.slice(start, end), start === 0);
      return this.encoder.encode(prepared, 0, prepared.length, out);
    }
    return this.encoder.encode(text, start, end, out);
  }

  private bytesOf(id: number, skipSpecialTokens: boolean): Uint8Array | null {
    const bytes = this.decodedBytes[id];
    if (bytes !== undefined) return bytes;
    const special = this.specialBytes.get(id);
    if (special === undefined) throw new InvalidTokenIdError(id, this.vocabSize);
    return skipSpecialTokens && !this.keptAddedIds.has(id) ? null : special;
  }
}

/** A SentencePiece-style model's token bytes with its space character ("▁") turned back into a space. */
function spacesRestored(model: CharBpeModel, replacement: string): Array<Uint8Array | undefined> {
  return model.tokenBytes.map((bytes, id) => {
    if (bytes === undefined || !model.tokenString(id)?.includes(replacement)) return bytes;
    return utf8Encoder.encode((model.tokenString(id) as string).replaceAll(replacement, ' '));
  });
}

/**
 * Lone surrogates become U+FFFD before anything else looks at the text, as they do when tiktoken or Hugging Face
 * receive a JavaScript string, so encoding never throws and agrees with them on such input.
 */
function toWellFormed(text: string): string {
  const wellFormedText = text as string & { isWellFormed(): boolean; toWellFormed(): string };
  return wellFormedText.isWellFormed() ? text : wellFormedText.toWellFormed();
}
