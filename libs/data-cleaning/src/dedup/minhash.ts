/**
 * MinHash over word shingles. Each word is hashed once (FNV-1a), a shingle's hash combines its words' hashes, and
 * permutation i is the bijection x → a_i·x + b_i modulo 2^32 (a_i odd) applied to the well-mixed shingle hash: two integer
 * operations per permutation, far cheaper in JavaScript than arithmetic modulo a large prime, and accurate enough for
 * deduplication (the spec checks the estimate against the true Jaccard).
 */
export class MinHasher {
  private readonly multipliers: Uint32Array;
  private readonly offsets: Uint32Array;

  constructor(
    readonly permutations: number,
    readonly shingleWords: number,
    seed = 0x9e3779b9,
  ) {
    this.multipliers = new Uint32Array(permutations);
    this.offsets = new Uint32Array(permutations);
    let state = seed >>> 0;
    const next = () => (state = (Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + 0x297a2d39) >>> 0);
    for (let i = 0; i < permutations; i++) {
      this.multipliers[i] = next() | 1;
      this.offsets[i] = next();
    }
  }

  signature(text: string): Uint32Array {
    const signature = new Uint32Array(this.permutations).fill(0xffffffff);
    const wordHashes = hashWords(text);
    const shingles = Math.max(1, wordHashes.length - this.shingleWords + 1);
    for (let s = 0; s < shingles; s++) {
      let shingle = 0x811c9dc5;
      const end = Math.min(wordHashes.length, s + this.shingleWords);
      for (let w = s; w < end; w++) shingle = Math.imul(shingle ^ wordHashes[w], 0x01000193) ^ (shingle >>> 13);
      shingle = fmix32(shingle);
      for (let i = 0; i < this.permutations; i++) {
        const h = (Math.imul(shingle, this.multipliers[i]) + this.offsets[i]) >>> 0;
        if (h < signature[i]) signature[i] = h;
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

/** Lower-cased words, punctuation stripped at the edges, each hashed with FNV-1a. */
export function hashWords(text: string): Uint32Array {
  const hashes: number[] = [];
  let h = 0x811c9dc5;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    let code = text.charCodeAt(i);
    const isSpace = code === 32 || code === 10 || code === 9 || code === 13;
    const isPunctuation = !isSpace && code < 128 && !((code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122));
    if (isSpace) {
      if (inWord) hashes.push(h >>> 0);
      inWord = false;
      h = 0x811c9dc5;
      continue;
    }
    if (isPunctuation) continue;
    if (code >= 65 && code <= 90) code += 32;
    h = Math.imul(h ^ code, 0x01000193);
    inWord = true;
  }
  if (inWord) hashes.push(h >>> 0);
  return Uint32Array.from(hashes);
}
