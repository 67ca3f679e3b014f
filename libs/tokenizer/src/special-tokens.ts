import { InvalidSettingsError, UnknownSpecialTokenError } from './errors';

/** A token matched as a whole before pre-tokenization (end-of-text, chat-turn markers); never split or merged. */
export interface SpecialToken {
  readonly content: string;
  readonly id: number;
  /**
   * false for an added token that is not special (Qwen2's "<tool_call>"): matched whole like the others, but
   * always recognised and kept when decoding skips special tokens. Special unless said otherwise.
   */
  readonly special?: boolean;
}

export const END_OF_TEXT = '<|endoftext|>';
export const IM_START = '<|im_start|>';
export const IM_END = '<|im_end|>';
/** Special tokens a trained tokenizer gets unless told otherwise: end of text and ChatML turn delimiters. */
export const DEFAULT_SPECIAL_TOKENS: readonly string[] = [END_OF_TEXT, IM_START, IM_END];

/** Which special tokens encode() recognises in text: all, none (encode them as plain text), or a named subset. */
export type AllowedSpecial = 'all' | 'none' | readonly string[];

export function validateSpecialTokenContents(contents: readonly string[]): void {
  const seen = new Set<string>();
  for (const content of contents) {
    if (typeof content !== 'string' || content.length === 0) throw new InvalidSettingsError(`special tokens must be non-empty strings, got ${JSON.stringify(content)}`);
    if (seen.has(content)) throw new InvalidSettingsError(`special token ${JSON.stringify(content)} is listed twice`);
    seen.add(content);
  }
}

/** Finds special tokens in text; the longest one wins where several start at the same place. */
export class SpecialTokenMatcher {
  private readonly byContent: ReadonlyMap<string, SpecialToken>;
  private readonly pattern: RegExp | null;
  private noneAllowed: SpecialTokenMatcher | undefined;

  constructor(readonly tokens: readonly SpecialToken[]) {
    this.byContent = new Map(tokens.map((t) => [t.content, t]));
    this.pattern = patternFor(tokens.map((t) => t.content));
  }

  idOf(content: string): number {
    const token = this.byContent.get(content);
    if (token === undefined) throw new UnknownSpecialTokenError(content, this.tokens.map((t) => t.content));
    return token.id;
  }

  has(content: string): boolean {
    return this.byContent.has(content);
  }

  /** A matcher restricted to what encode() was told to allow. */
  restrictTo(allowed: AllowedSpecial): SpecialTokenMatcher {
    if (allowed === 'all') return this;
    const alwaysMatched = this.tokens.filter((t) => t.special === false);
    if (allowed === 'none') return (this.noneAllowed ??= new SpecialTokenMatcher(alwaysMatched));
    const subset = allowed.map((content) => this.byContent.get(content) ?? this.throwUnknown(content));
    return new SpecialTokenMatcher([...new Set([...subset, ...alwaysMatched])]);
  }

  /** Calls onText for each stretch of ordinary text and onSpecial for each special token, in order. */
  segment(text: string, onText: (start: number, end: number) => void, onSpecial: (id: number) => void): void {
    const pattern = this.pattern;
    if (pattern === null) {
      if (text.length > 0) onText(0, text.length);
      return;
    }
    pattern.lastIndex = 0;
    let pos = 0;
    for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
      if (match.index > pos) onText(pos, match.index);
      onSpecial((this.byContent.get(match[0]) as SpecialToken).id);
      pos = match.index + match[0].length;
    }
    if (pos < text.length) onText(pos, text.length);
  }

  private throwUnknown(content: string): never {
    throw new UnknownSpecialTokenError(content, this.tokens.map((t) => t.content));
  }
}

function patternFor(contents: readonly string[]): RegExp | null {
  if (contents.length === 0) return null;
  const alternatives = [...contents].sort((a, b) => b.length - a.length).map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(alternatives.join('|'), 'g');
}
