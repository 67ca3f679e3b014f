import { charWidthAt, classAt, SPACE } from './unicode-classes';
import type { PreTokenizer } from './pre-tokenizer';

const APOSTROPHE = 0x27;
const SPACE_CHAR = 0x20;

/**
 * GPT-2's pre-tokenization pattern
 *   's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
 * written out as a scanner. It returns exactly the pieces the regex would (a property test checks this against
 * the regex) but reads each character once through a class table instead of running a backtracking engine and
 * allocating a match object per piece, which makes it the cheapest stage of encoding rather than the most costly.
 */
export class Gpt2Splitter implements PreTokenizer {
  split(text: string, start: number, end: number, ends: Int32Array): number {
    let count = 0;
    let pos = start;
    while (pos < end && count < ends.length) {
      pos = pieceEnd(text, pos, end);
      ends[count++] = pos;
    }
    return count;
  }
}

function pieceEnd(text: string, start: number, end: number): number {
  const first = text.charCodeAt(start);
  if (first === APOSTROPHE && start + 1 < end) {
    const contraction = contractionLength(text, start + 1, end);
    if (contraction > 0) return start + 1 + contraction;
  }
  let runStart = start;
  let runClass = classAt(text, start, end);
  if (first === SPACE_CHAR && start + 1 < end) {
    const nextClass = classAt(text, start + 1, end);
    if (nextClass !== SPACE) {
      runStart = start + 1;
      runClass = nextClass;
    }
  }
  if (runClass !== SPACE) return endOfRun(text, runStart, end, runClass);
  // \s+(?!\S) takes a whitespace run but leaves its last character to the piece that follows it,
  // unless the run reaches the end of the text or is a single character (then \s+ takes it).
  let runEnd = start + 1;
  while (runEnd < end && classAt(text, runEnd, end) === SPACE) runEnd++;
  if (runEnd === end || runEnd - start === 1) return runEnd;
  return runEnd - 1;
}

function endOfRun(text: string, start: number, end: number, runClass: number): number {
  let pos = start;
  while (pos < end && classAt(text, pos, end) === runClass) pos += charWidthAt(text, pos, end);
  return pos;
}

/** Length after the apostrophe of a contraction ('s 't 'm 'd 're 've 'll) at text[at], or 0. */
function contractionLength(text: string, at: number, end: number): number {
  const c = text.charCodeAt(at);
  if (c === 0x73 || c === 0x74 || c === 0x6d || c === 0x64) return 1;
  if (at + 1 >= end) return 0;
  const d = text.charCodeAt(at + 1);
  if ((c === 0x72 && d === 0x65) || (c === 0x76 && d === 0x65) || (c === 0x6c && d === 0x6c)) return 2;
  return 0;
}
