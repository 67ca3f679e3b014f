import { isLetter, isWhitespace } from './char-classes';
import { hasSpacelessScript, splitWords } from './words';

/**
 * What the quality rules need of a text's words ({@link splitWords}'s words), gathered in one pass over the characters
 * instead of from an array of word strings: the count, each word's length and FNV-1a hash (UTF-16 code units), the
 * total length, and how many words hold a letter. The arrays are reused from text to text (only the first `count`
 * entries belong to the last text scanned), so read them before the next {@link WordStats.scan}.
 */
export class WordStats {
  count = 0;
  letters = 0;
  alphabeticWords = 0;
  hashes = new Uint32Array(256);
  lengths = new Uint32Array(256);

  scan(text: string): this {
    this.count = 0;
    this.letters = 0;
    this.alphabeticWords = 0;
    if (hasSpacelessScript(text)) {
      for (const word of splitWords(text)) this.addWord(word);
      return this;
    }
    this.reserve((text.length >> 1) + 1);
    let hash = FNV_OFFSET;
    let length = 0;
    let hasLetter = false;
    for (let i = 0; i <= text.length; i++) {
      const code = i < text.length ? text.charCodeAt(i) : 32;
      if (isWhitespace(code)) {
        if (length > 0) this.push(hash, length, hasLetter);
        hash = FNV_OFFSET;
        length = 0;
        hasLetter = false;
        continue;
      }
      hash = Math.imul(hash ^ code, FNV_PRIME);
      length++;
      if (!hasLetter) hasLetter = isLetter(code);
    }
    return this;
  }

  private addWord(word: string): void {
    this.reserve(this.count + 1);
    let hash = FNV_OFFSET;
    let hasLetter = false;
    for (let i = 0; i < word.length; i++) {
      const code = word.charCodeAt(i);
      hash = Math.imul(hash ^ code, FNV_PRIME);
      if (!hasLetter) hasLetter = isLetter(code);
    }
    this.push(hash, word.length, hasLetter);
  }

  private push(hash: number, length: number, hasLetter: boolean): void {
    this.hashes[this.count] = hash >>> 0;
    this.lengths[this.count] = length;
    this.count++;
    this.letters += length;
    if (hasLetter) this.alphabeticWords++;
  }

  private reserve(words: number): void {
    if (words <= this.hashes.length) return;
    let size = this.hashes.length;
    while (size < words) size *= 2;
    const hashes = new Uint32Array(size);
    const lengths = new Uint32Array(size);
    hashes.set(this.hashes.subarray(0, this.count));
    lengths.set(this.lengths.subarray(0, this.count));
    this.hashes = hashes;
    this.lengths = lengths;
  }
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
