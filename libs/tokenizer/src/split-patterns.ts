import { TokenizerFormatError } from './errors';
import { Gpt2Splitter } from './gpt2-splitter';
import type { PreTokenizer } from './pre-tokenizer';

/**
 * Pre-tokenization patterns, written the way tiktoken and Hugging Face tokenizer.json files write them
 * (Oniguruma / Rust-regex syntax, where \s means Unicode White_Space).
 */
export const GPT2_PATTERN = String.raw`'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+`;
export const CL100K_PATTERN = String.raw`(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`;

export type PatternName = 'gpt2' | 'cl100k';
export const NAMED_PATTERNS: Readonly<Record<PatternName, string>> = { gpt2: GPT2_PATTERN, cl100k: CL100K_PATTERN };

/**
 * Translates a tokenizer.json pattern into a JavaScript regular expression: \s and \S become White_Space
 * properties (JavaScript's \s differs on U+0085 and U+FEFF) and ASCII case-insensitive groups (?i:...), which
 * Node 20 cannot parse, are spelled out as [sS]-style classes.
 */
export function compileSplitPattern(source: string): RegExp {
  let translated = '';
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === '\\') {
      const escaped = source[i + 1];
      if (escaped === 's') translated += String.raw`\p{White_Space}`;
      else if (escaped === 'S') translated += String.raw`\P{White_Space}`;
      else translated += ch + (escaped ?? '');
      i++;
    } else if (source.startsWith('(?i:', i)) {
      const close = source.indexOf(')', i);
      const body = source.slice(i + 4, close);
      if (close < 0 || /[\\[(]/.test(body)) {
        throw new TokenizerFormatError(`unsupported case-insensitive group in pre-tokenizer pattern ${JSON.stringify(source)}`);
      }
      translated += '(?:' + body.replace(/[a-zA-Z]/g, (c) => `[${c.toLowerCase()}${c.toUpperCase()}]`) + ')';
      i = close;
    } else {
      translated += ch;
    }
  }
  try {
    return new RegExp(translated, 'gu');
  } catch (error) {
    throw new TokenizerFormatError(`pre-tokenizer pattern ${JSON.stringify(source)} is not supported: ${(error as Error).message}`);
  }
}

/**
 * Splits with a regular expression the way Hugging Face's Split pre-tokenizer (behavior "Isolated") does:
 * matches are pieces, and any text between matches is a piece too.
 */
export class RegexSplitter implements PreTokenizer {
  private readonly pattern: RegExp;
  private segmentText: string | null = null;
  private segmentStart = 0;
  private segmentEnd = 0;
  private segment = '';

  constructor(source: string) {
    this.pattern = compileSplitPattern(source);
  }

  split(text: string, start: number, end: number, ends: Int32Array): number {
    this.enterSegment(text, start, end);
    const offset = this.segmentStart;
    const pattern = this.pattern;
    pattern.lastIndex = start - offset;
    let pos = start;
    let count = 0;
    while (pos < end && count + 2 <= ends.length) {
      const match = pattern.exec(this.segment);
      if (match === null) {
        ends[count++] = end;
        pos = end;
        break;
      }
      if (match[0].length === 0) {
        pattern.lastIndex += 1;
        continue;
      }
      const matchStart = offset + match.index;
      if (matchStart > pos) ends[count++] = matchStart;
      pos = matchStart + match[0].length;
      ends[count++] = pos;
    }
    if (pos >= end) this.segmentText = null;
    return count;
  }

  /** The regex runs over text[start, end) as its own string, so lookaheads and $ stop at the segment's end. */
  private enterSegment(text: string, start: number, end: number): void {
    if (this.segmentText === text && this.segmentEnd === end && start >= this.segmentStart) return;
    this.segmentText = text;
    this.segmentStart = start;
    this.segmentEnd = end;
    this.segment = start === 0 && end === text.length ? text : text.slice(start, end);
  }
}

/** The pre-tokenizer for a pattern: GPT-2's gets its dedicated scanner, any other pattern a RegexSplitter. */
export function createPreTokenizer(source: string): PreTokenizer {
  return source === GPT2_PATTERN ? new Gpt2Splitter() : new RegexSplitter(source);
}
