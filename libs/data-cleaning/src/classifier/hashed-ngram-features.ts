/**
 * fastText-style features of a text: words, word bigrams and the character 3- to 5-grams of each word (with boundary
 * marks, so prefixes and suffixes are their own features), hashed into `dimensions` buckets and L2-normalized. Sparse:
 * the indexes and values of the non-zero buckets, in no particular order.
 */
export type SparseFeatures = { indexes: Uint32Array; values: Float32Array };

export const DEFAULT_FEATURE_DIMENSIONS = 1 << 18;
/** Words of a document that are featurized: bounds the time one document takes whatever its length. */
export const MAX_FEATURE_WORDS = 20_000;

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)?|[^\s\p{L}\p{N}]/gu;

export function hashedNgramFeatures(text: string, dimensions = DEFAULT_FEATURE_DIMENSIONS): SparseFeatures {
  const counts = new Map<number, number>();
  const add = (feature: string) => {
    const bucket = fnv1a(feature) % dimensions;
    counts.set(bucket, (counts.get(bucket) ?? 0) + 1);
  };
  let previous: string | null = null;
  let words = 0;
  for (const match of text.toLowerCase().matchAll(WORD)) {
    if (++words > MAX_FEATURE_WORDS) break;
    const word = match[0];
    add(`w:${word}`);
    if (previous !== null) add(`b:${previous} ${word}`);
    previous = word;
    const marked = `<${word}>`;
    for (let n = 3; n <= 5; n++) for (let start = 0; start + n <= marked.length; start++) add(`c:${marked.slice(start, start + n)}`);
  }
  const indexes = new Uint32Array(counts.size);
  const values = new Float32Array(counts.size);
  let norm = 0;
  let i = 0;
  for (const [bucket, count] of counts) {
    indexes[i] = bucket;
    values[i] = count;
    norm += count * count;
    i++;
  }
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  for (let j = 0; j < values.length; j++) values[j] *= scale;
  return { indexes, values };
}

/** 32-bit FNV-1a over the string's UTF-16 code units: fast, stable across runs and platforms. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
