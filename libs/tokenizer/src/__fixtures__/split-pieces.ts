import type { PreTokenizer } from '../pre-tokenizer';

/** The pieces a pre-tokenizer cuts text[start, end) into, as strings (tests compare these). */
export function splitPieces(preTokenizer: PreTokenizer, text: string, start = 0, end = text.length): string[] {
  const ends = new Int32Array(64);
  const pieces: string[] = [];
  let pos = start;
  while (pos < end) {
    const count = preTokenizer.split(text, pos, end, ends);
    for (let k = 0; k < count; k++) {
      pieces.push(text.slice(pos, ends[k]));
      pos = ends[k];
    }
  }
  return pieces;
}
