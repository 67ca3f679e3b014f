/**
 * A pre-tokenizer cuts text into pieces ("words") that BPE encodes independently; merges never cross a piece
 * boundary. Pieces are reported as end offsets so the hot loop can skip creating substrings it does not need.
 */
export interface PreTokenizer {
  /**
   * Writes the end offsets of the consecutive pieces that cover text[start, end) into ends, at most ends.length
   * of them, and returns how many it wrote. Callers resume at the last end written. text[start, end) is treated
   * as a whole document: nothing outside it influences where the pieces fall.
   */
  split(text: string, start: number, end: number, ends: Int32Array): number;
}
