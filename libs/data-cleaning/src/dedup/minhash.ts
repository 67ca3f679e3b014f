import { hasSpacelessScript, splitWords } from '../text/words';

/**
 * MinHash over word shingles by one-permutation hashing with optimal densification (Li, Owen & Zhang 2012;
 * Shrivastava 2017): each shingle is hashed once (its words' FNV-1a hashes combined, then mixed), the hash's top bits
 * pick one of `permutations` bins and the bin keeps its smallest hash. A bin no shingle fell into copies the value of
 * the first filled bin its own seeded probe sequence reaches, which keeps P[two signatures agree in a bin] equal to the
 * Jaccard similarity of the shingle sets. One hash per shingle instead of one per shingle and permutation: the stage
 * was the pipeline's slowest with `permutations` (100) multiply-adds per shingle. The spec checks the estimate against
 * the true Jaccard.
 */
export class MinHasher {
  private readonly probeSeeds: Uint32Array;

  constructor(
    readonly permutations: number,
    readonly shingleWords: number,
    seed = 0x9e3779b9,
  ) {
    this.probeSeeds = new Uint32Array(permutations);
    let state = seed >>> 0;
    for (let i = 0; i < permutations; i++) this.probeSeeds[i] = state = (Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + 0x297a2d39) >>> 0;
  }

  signature(text: string): Uint32Array {
    const bins = this.permutations;
    const signature = new Uint32Array(bins).fill(0xffffffff);
    const filled = new Uint8Array(bins);
    const wordHashes = hashWords(text);
    const shingles = Math.max(1, wordHashes.length - this.shingleWords + 1);
    for (let s = 0; s < shingles; s++) {
      let shingle = 0x811c9dc5;
      const end = Math.min(wordHashes.length, s + this.shingleWords);
      for (let w = s; w < end; w++) shingle = Math.imul(shingle ^ wordHashes[w], 0x01000193) ^ (shingle >>> 13);
      shingle = fmix32(shingle);
      const bin = Math.floor((shingle / 4294967296) * bins);
      filled[bin] = 1;
      if (shingle < signature[bin]) signature[bin] = shingle;
    }
    return this.densify(signature, filled);
  }

  /** Each empty bin takes the value of the first filled bin its probe sequence (seeded by the bin) reaches. */
  private densify(signature: Uint32Array, filled: Uint8Array): Uint32Array {
    const bins = this.permutations;
    for (let i = 0; i < bins; i++) {
      if (filled[i]) continue;
      let state = this.probeSeeds[i];
      for (let attempt = 0; attempt < 64 * bins; attempt++) {
        state = fmix32((state + 0x9e3779b9) >>> 0);
        const from = Math.floor((state / 4294967296) * bins);
        if (filled[from]) {
          signature[i] = signature[from];
          break;
        }
      }
    }
    return signature;
  }
}

/** MurmurHash3's finalizer: every input bit affects every output bit, which the multiplicative permutations need. */
function fmix32(value: number): number {
  let h = value ^ (value >>> 16);
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Share of positions where two signatures agree: an unbiased estimate of the Jaccard similarity of the shingle sets. */
export function estimatedJaccard(a: Uint32Array, b: Uint32Array): number {
  let equal = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) equal++;
  return equal / a.length;
}

/**
 * Lower-cased words with ASCII punctuation dropped, each hashed with FNV-1a. Text holding a spaceless script (Chinese,
 * Japanese, Thai) is split into words by {@link splitWords} first, so its shingles are word n-grams too.
 */
export function hashWords(text: string): Uint32Array {
  if (!hasSpacelessScript(text)) return hashSpacedWords(text);
  const hashes: number[] = [];
  for (const word of splitWords(text)) {
    const words = hashSpacedWords(word);
    if (words.length > 0) hashes.push(words[0]);
  }
  return Uint32Array.from(hashes);
}

/**
 * What {@link hashSpacedWords} does with each ASCII code unit, looked up instead of tested with a chain of ranges per
 * character (the chain was most of the loop's time): 0 ends a word (space, tab, line feed, carriage return), 1 is
 * punctuation and is skipped, anything else is the code unit to hash (upper case folded to lower).
 */
const ASCII_WORD_UNIT = new Uint8Array(128);
for (let code = 0; code < 128; code++) {
  const isSpace = code === 32 || code === 10 || code === 9 || code === 13;
  const isDigitOrLower = (code >= 48 && code <= 57) || (code >= 97 && code <= 122);
  const isUpper = code >= 65 && code <= 90;
  ASCII_WORD_UNIT[code] = isSpace ? 0 : isDigitOrLower ? code : isUpper ? code + 32 : 1;
}

/** The words between spaces, hashed in one pass over the characters (a text of n characters has at most n/2 + 1 words). */
function hashSpacedWords(text: string): Uint32Array {
  const hashes = new Uint32Array((text.length >> 1) + 1);
  let count = 0;
  let h = 0x811c9dc5;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    let code = text.charCodeAt(i);
    if (code < 128) {
      code = ASCII_WORD_UNIT[code];
      if (code === 0) {
        if (inWord) hashes[count++] = h >>> 0;
        inWord = false;
        h = 0x811c9dc5;
        continue;
      }
      if (code === 1) continue;
    }
    h = Math.imul(h ^ code, 0x01000193);
    inWord = true;
  }
  if (inWord) hashes[count++] = h >>> 0;
  return hashes.subarray(0, count);
}
