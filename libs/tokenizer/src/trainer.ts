import { BpeModel } from './bpe-model';
import { CHATML_TEMPLATE } from './chat-template';
import { InvalidSettingsError, UnknownSpecialTokenError } from './errors';
import { learnMerges } from './merge-learner';
import { DEFAULT_MODEL_MAX_LENGTH } from './model-file-settings';
import { DEFAULT_SPECIAL_TOKENS, END_OF_TEXT, IM_END, IM_START, validateSpecialTokenContents } from './special-tokens';
import { createPreTokenizer, NAMED_PATTERNS, type PatternName } from './split-patterns';
import { Tokenizer } from './tokenizer';
import { WordCounter } from './word-counter';

export interface TrainBpeOptions {
  /** Total ids: 256 byte tokens + learned merges + special tokens. */
  readonly vocabSize: number;
  /** A pair seen fewer times than this is never merged (training stops early instead). Default 2. */
  readonly minFrequency?: number;
  /** Default: <|endoftext|>, <|im_start|>, <|im_end|>. They get the last ids. */
  readonly specialTokens?: readonly string[];
  /** 'gpt2' (default), 'cl100k', or a pattern in tokenizer.json regex syntax. */
  readonly pattern?: PatternName | string;
  /** Default <|endoftext|> when it is among the special tokens. */
  readonly bosToken?: string | null;
  readonly eosToken?: string | null;
  readonly padToken?: string | null;
  readonly modelMaxLength?: number;
  /** Default ChatML when <|im_start|> and <|im_end|> are among the special tokens. */
  readonly chatTemplate?: string | null;
  /** Called after each chunk of the corpus is counted. */
  readonly onProgress?: (progress: { bytesCounted: number; distinctWords: number }) => void;
}

/**
 * Learns a byte-level BPE tokenizer from a corpus given as a stream of text chunks (documents, lines or larger
 * blocks; a chunk boundary is also a pre-token boundary). Only word counts are held in memory, so the corpus can
 * be larger than memory. The same chunks with the same options always give the same tokenizer.
 */
export async function trainBpe(corpus: AsyncIterable<string> | Iterable<string>, options: TrainBpeOptions): Promise<Tokenizer> {
  const settings = resolveSettings(options);
  const counter = new WordCounter(createPreTokenizer(settings.pattern), settings.specialTokens);
  for await (const chunk of corpus) {
    counter.add(chunk);
    options.onProgress?.({ bytesCounted: counter.bytesSeen, distinctWords: counter.counts.size });
  }
  const mergeCount = options.vocabSize - 256 - settings.specialTokens.length;
  const { tokenBytes, merges } = learnMerges(counter.counts, mergeCount, settings.minFrequency);
  return new Tokenizer({
    model: BpeModel.fromMerges(tokenBytes, merges),
    specialTokens: settings.specialTokens.map((content, i) => ({ content, id: tokenBytes.length + i })),
    pattern: settings.pattern,
    settings: {
      bosToken: settings.bosToken,
      eosToken: settings.eosToken,
      padToken: settings.padToken,
      modelMaxLength: options.modelMaxLength ?? DEFAULT_MODEL_MAX_LENGTH,
      chatTemplate: settings.chatTemplate,
    },
  });
}

/** Checks every setting before the (long) counting pass starts, so mistakes fail fast. */
function resolveSettings(options: TrainBpeOptions) {
  const specialTokens = options.specialTokens ?? DEFAULT_SPECIAL_TOKENS;
  validateSpecialTokenContents(specialTokens);
  const minimum = 256 + specialTokens.length;
  if (!Number.isInteger(options.vocabSize) || options.vocabSize < minimum) {
    throw new InvalidSettingsError(`vocabSize must be an integer of at least ${minimum} (256 byte tokens + ${specialTokens.length} special tokens), got ${options.vocabSize}`);
  }
  const minFrequency = options.minFrequency ?? 2;
  if (!Number.isInteger(minFrequency) || minFrequency < 1) throw new InvalidSettingsError(`minFrequency must be a positive integer, got ${minFrequency}`);
  const modelMaxLength = options.modelMaxLength ?? DEFAULT_MODEL_MAX_LENGTH;
  if (!Number.isInteger(modelMaxLength) || modelMaxLength < 1) throw new InvalidSettingsError(`modelMaxLength must be a positive integer, got ${modelMaxLength}`);
  const patternOption = options.pattern ?? 'gpt2';
  const pattern = patternOption in NAMED_PATTERNS ? NAMED_PATTERNS[patternOption as PatternName] : patternOption;
  const hasEndOfText = specialTokens.includes(END_OF_TEXT);
  const roles = {
    bosToken: options.bosToken === undefined ? (hasEndOfText ? END_OF_TEXT : null) : options.bosToken,
    eosToken: options.eosToken === undefined ? (hasEndOfText ? END_OF_TEXT : null) : options.eosToken,
    padToken: options.padToken ?? null,
  };
  for (const content of Object.values(roles)) {
    if (content !== null && !specialTokens.includes(content)) throw new UnknownSpecialTokenError(content, specialTokens);
  }
  const chatTemplate = options.chatTemplate !== undefined ? options.chatTemplate : specialTokens.includes(IM_START) && specialTokens.includes(IM_END) ? CHATML_TEMPLATE : null;
  return { specialTokens, minFrequency, pattern, chatTemplate, ...roles };
}
