import { TokenizerFormatError } from './errors';

/**
 * The steps of a Hugging Face tokenizer.json around its BPE model, for the layouts of GPT-2, Llama 3, Qwen2, Llama 2
 * and Mistral: normalizer, Metaspace, decoder and post-processor. Each parser accepts what those files use and
 * names anything else, so an unsupported file fails on load rather than encoding differently.
 */

/** Rewrites one stretch of ordinary text (between added tokens) before it is split; atStart: it begins the input. */
export type TextPreparer = (text: string, atStart: boolean) => string;

/** How SentencePiece-style tokens turn back into text. */
export interface PieceDecoding {
  /** The character tokens use for a space ("▁"), turned back into " ". */
  readonly replacement: string;
  /** One space is dropped from the start of the decoded text (Strip decoder, or Metaspace with a prepend scheme). */
  readonly stripLeadingSpace: boolean;
}

/** Special tokens a post-processor puts around one sequence (TemplateProcessing's "single"). */
export interface SequenceTemplate {
  readonly prefix: readonly number[];
  readonly suffix: readonly number[];
}

export const NO_TEMPLATE: SequenceTemplate = { prefix: [], suffix: [] };

type Json = Record<string, unknown>;

export function parseNormalizer(json: unknown): ((text: string) => string) | null {
  if (json == null) return null;
  const normalizer = object(json, 'normalizer');
  switch (normalizer.type) {
    case 'NFC':
    case 'NFD':
    case 'NFKC':
    case 'NFKD': {
      const form = normalizer.type;
      return (text) => text.normalize(form);
    }
    case 'Prepend': {
      const prepend = string(normalizer.prepend, 'normalizer.prepend');
      return (text) => (text.length === 0 ? text : prepend + text);
    }
    case 'Replace': {
      const { pattern, content } = replacement(normalizer, 'normalizer');
      return (text) => text.replaceAll(pattern, content);
    }
    case 'Sequence': {
      if (!Array.isArray(normalizer.normalizers)) throw unsupported('normalizer', json);
      const steps = normalizer.normalizers.map(parseNormalizer).filter((step) => step !== null);
      return (text) => steps.reduce((result, step) => step(result), text);
    }
    default:
      throw unsupported('normalizer', json);
  }
}

export interface Metaspace {
  readonly replacement: string;
  /** Whether a replacement character is put before text that does not start with one: always, at the input's start, never. */
  readonly prependScheme: 'always' | 'first' | 'never';
  /** Whether pieces start at each replacement character (otherwise the whole stretch is one piece). */
  readonly split: boolean;
}

export function parseMetaspace(json: Json, where: string): Metaspace {
  const replacement = string(json.replacement ?? '▁', `${where}.replacement`);
  // Files written before tokenizers 0.14 say add_prefix_space instead of prepend_scheme.
  const scheme = json.prepend_scheme ?? (json.add_prefix_space === false ? 'never' : 'always');
  if (scheme !== 'always' && scheme !== 'first' && scheme !== 'never') throw unsupported(`${where}.prepend_scheme`, scheme);
  return { replacement, prependScheme: scheme, split: json.split !== false };
}

/** Metaspace's text step: spaces become the replacement character, which is prepended as its scheme says. */
export function metaspacePreparer({ replacement, prependScheme }: Metaspace): TextPreparer {
  return (text, atStart) => {
    const replaced = text.replaceAll(' ', replacement);
    const prepend = prependScheme === 'always' || (prependScheme === 'first' && atStart);
    return prepend && !replaced.startsWith(replacement) ? replacement + replaced : replaced;
  };
}

/**
 * The decoder of a SentencePiece-style file: Replace("▁" -> " "), ByteFallback, Fuse and Strip(" ", 1, 0) in
 * sequence (Llama 2, Mistral), or Metaspace, optionally with ByteFallback and Fuse around it.
 */
export function parsePieceDecoder(json: unknown, byteFallback: boolean): PieceDecoding {
  const root = object(json ?? {}, 'decoder');
  const steps = root.type === 'Sequence' && Array.isArray(root.decoders) ? root.decoders.map((d, i) => object(d, `decoder.decoders[${i}]`)) : [root];
  let spaceFrom: string | null = null;
  let stripLeadingSpace = false;
  let bytesFused = false;
  for (const step of steps) {
    if (step.type === 'Replace') {
      const { pattern, content } = replacement(step, 'decoder');
      if (content !== ' ' || spaceFrom !== null) throw unsupported('decoder', json);
      spaceFrom = pattern;
    } else if (step.type === 'Metaspace') {
      const metaspace = parseMetaspace(step, 'decoder');
      if (spaceFrom !== null) throw unsupported('decoder', json);
      spaceFrom = metaspace.replacement;
      stripLeadingSpace = metaspace.prependScheme !== 'never';
    } else if (step.type === 'ByteFallback') {
      bytesFused = true;
    } else if (step.type === 'Strip') {
      // Only stripping one leading space, after spaces are restored, is what these files do.
      if (step.content !== ' ' || step.start !== 1 || step.stop !== 0 || spaceFrom === null) throw unsupported('decoder', json);
      stripLeadingSpace = true;
    } else if (step.type !== 'Fuse') {
      throw unsupported('decoder', json);
    }
  }
  if (spaceFrom === null) throw new TokenizerFormatError(`tokenizer.json: decoder ${JSON.stringify(json)} does not turn "▁" back into spaces, which a SentencePiece-style model needs`);
  if (byteFallback && !bytesFused) throw new TokenizerFormatError('tokenizer.json: the model uses byte_fallback but the decoder has no ByteFallback step');
  return { replacement: spaceFrom, stripLeadingSpace };
}

/**
 * The special tokens around a sequence from TemplateProcessing (alone or in a Sequence with ByteLevel, whose
 * offset trimming does not change ids), with ids from the file's special_tokens map.
 */
export function parsePostProcessor(json: unknown): SequenceTemplate {
  if (json == null) return NO_TEMPLATE;
  const processor = object(json, 'post_processor');
  if (processor.type === 'ByteLevel') return NO_TEMPLATE;
  if (processor.type === 'Sequence' && Array.isArray(processor.processors)) {
    const templates = processor.processors.map(parsePostProcessor).filter((t) => t !== NO_TEMPLATE);
    if (templates.length > 1) throw unsupported('post_processor', json);
    return templates[0] ?? NO_TEMPLATE;
  }
  if (processor.type !== 'TemplateProcessing' || !Array.isArray(processor.single)) throw unsupported('post_processor', json);
  const specialTokens = object(processor.special_tokens ?? {}, 'post_processor.special_tokens');
  const prefix: number[] = [];
  const suffix: number[] = [];
  let seenSequence = false;
  for (const piece of processor.single as unknown[]) {
    const item = object(piece, 'post_processor.single[]');
    if (item.Sequence !== undefined) {
      if (seenSequence) throw unsupported('post_processor', json);
      seenSequence = true;
    } else if (item.SpecialToken !== undefined) {
      const name = string(object(item.SpecialToken, 'post_processor SpecialToken').id, 'post_processor SpecialToken.id');
      const entry = object(specialTokens[name] ?? null, `post_processor.special_tokens[${JSON.stringify(name)}]`);
      if (!Array.isArray(entry.ids) || !entry.ids.every((id) => Number.isInteger(id) && id >= 0)) throw unsupported('post_processor', json);
      (seenSequence ? suffix : prefix).push(...(entry.ids as number[]));
    } else {
      throw unsupported('post_processor', json);
    }
  }
  return { prefix, suffix };
}

function replacement(step: Json, where: string): { pattern: string; content: string } {
  const pattern = step.pattern !== null && typeof step.pattern === 'object' ? (step.pattern as Json).String : undefined;
  if (typeof pattern !== 'string' || pattern.length === 0) throw new TokenizerFormatError(`tokenizer.json: ${where} Replace supports only a plain {"String": ...} pattern, got ${JSON.stringify(step.pattern)}`);
  return { pattern, content: string(step.content, `${where}.content`) };
}

function object(value: unknown, name: string): Json {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new TokenizerFormatError(`tokenizer.json: ${name} must be a JSON object, got ${JSON.stringify(value)}`);
  return value as Json;
}

function string(value: unknown, name: string): string {
  if (typeof value !== 'string') throw new TokenizerFormatError(`tokenizer.json: ${name} must be a string, got ${JSON.stringify(value)}`);
  return value;
}

function unsupported(what: string, value: unknown): TokenizerFormatError {
  return new TokenizerFormatError(`tokenizer.json: ${what} ${JSON.stringify(value)?.slice(0, 200)} is not supported`);
}
