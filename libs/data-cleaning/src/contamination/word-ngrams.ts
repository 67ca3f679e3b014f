import { hashWords } from '../dedup/minhash';
import { normalizeText } from '../stages/normalize';

/** Word n-grams compared for contamination: 13, as GPT-3's and most decontamination studies since use. */
export const CONTAMINATION_NGRAM_WORDS = 13;

/**
 * The distinct word n-grams of a text as numeric keys: the text normalised as cleaning normalises it (NFKC, spaces),
 * split into words as near-deduplication does (lower-cased, ASCII punctuation dropped), each n-gram two independent
 * 32-bit combinations of its word hashes folded into one 52-bit integer (exact in a double, so a Set holds it as is;
 * a false match needs both halves to collide). A text shorter than n words has no n-grams.
 */
export function wordNgramKeys(text: string, n = CONTAMINATION_NGRAM_WORDS): Set<number> {
  const words = hashWords(normalizeText(text));
  const keys = new Set<number>();
  for (let start = 0; start + n <= words.length; start++) {
    let high = 0x811c9dc5;
    let low = 0x9e3779b9;
    for (let w = start; w < start + n; w++) {
      high = Math.imul(high ^ words[w], 0x01000193) >>> 0;
      low = (Math.imul(low + words[w], 0x85ebca6b) ^ (low >>> 13)) >>> 0;
    }
    keys.add((high & 0xfffff) * 2 ** 32 + low);
  }
  return keys;
}
