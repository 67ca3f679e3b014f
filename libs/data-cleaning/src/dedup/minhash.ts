/**
 * MinHash over word shingles. Each word is hashed once (FNV-1a), a shingle's hash combines its words' hashes, and
 * permutation i is approximated by a seeded 32-bit mix of the shingle hash (multiply-xorshift), which is far cheaper in
 * JavaScript than arithmetic modulo a large prime and keeps the estimate unbiased enough for deduplication.
 */
export class MinHasher {
  private readonly seeds: Uint32Array;

  constructor(
    readonly permutations: number,
    readonly shingleWords: number,
    seed = 0x9e3779b9,
  ) {
    this.seeds = new Uint32Array(permutations);
    let state = seed >>> 0;
    for (let i = 0; i < permutations; i++) {
      state = (Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + 0x297a2d39) >>> 0;
      this.seeds[i] = state | 1;
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
      for (let i = 0; i < this.permutations; i++) {
        let h = Math.imul(shingle ^ this.seeds[i], 0x85ebca6b);
        h ^= h >>> 13;
        h = Math.imul(h, 0xc2b2ae35);
        h = (h ^ (h >>> 16)) >>> 0;
        if (h < signature[i]) signature[i] = h;
      }
    }
    return signature;
  }
}

/** Share of positions where two signatures agree: an unbiased estimate of the Jaccard similarity of the shingle sets. */
export function estimatedJaccard(a: Uint32Array, b: Uint32Array): number {
  let equal = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) equal++;
  return equal / a.length;
}

/** Lower-cased words, punctuation stripped at the edges, each hashed with FNV-1a. */
function hashWords(text: string): Uint32Array {
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
