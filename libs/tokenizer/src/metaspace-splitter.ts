import type { PreTokenizer } from './pre-tokenizer';

/** No pre-tokenization (Llama 2's tokenizer.json): each stretch of text between added tokens is one piece. */
export class WholeTextSplitter implements PreTokenizer {
  split(_text: string, _start: number, end: number, ends: Int32Array): number {
    ends[0] = end;
    return 1;
  }
}

/**
 * Hugging Face's Metaspace pre-tokenizer with split: true, after spaces became the replacement character: a piece
 * starts at each replacement character ("MergedWithNext"), so "▁Hello▁▁world" is "▁Hello", "▁", "▁world".
 */
export class MetaspaceSplitter implements PreTokenizer {
  constructor(private readonly replacement: string) {}

  split(text: string, start: number, end: number, ends: Int32Array): number {
    let count = 0;
    // The piece at start keeps its own leading replacement character; the next piece begins at the following one.
    let search = start + 1;
    while (count < ends.length - 1) {
      const next = text.indexOf(this.replacement, search);
      if (next < 0 || next >= end) {
        ends[count++] = end;
        return count;
      }
      ends[count++] = next;
      search = next + this.replacement.length;
    }
    return count;
  }
}
