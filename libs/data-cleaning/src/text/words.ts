/**
 * Scripts written without spaces between words: Thai, Lao, Myanmar, Khmer, and Chinese and Japanese (CJK ideographs,
 * kana, and the high surrogates of the CJK extension planes). Hangul is left out: Korean separates words with spaces.
 */
const SPACELESS_SCRIPT = /[\u0E00-\u0EFF\u1000-\u109F\u1780-\u17FF\u2E80-\u2FDF\u3040-\u30FF\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF]|[\uD840-\uD87F]/;
const WHITESPACE = /\s+/;

/** ICU's word break rules: dictionary segmentation for the spaceless scripts whatever the locale. */
const segmenter = new Intl.Segmenter(undefined, { granularity: 'word' });

export function hasSpacelessScript(text: string): boolean {
  return SPACELESS_SCRIPT.test(text);
}

/**
 * Where a token of a spaceless script may be cut before segmenting: after a sentence's final full stop, exclamation or
 * question mark (a word always ends there), unless a mark or format character follows, which stays with the stop.
 * ICU segments a long run far slower than in proportion (a 29,000-character Chinese paragraph took 1.5 s whole and
 * about 0.1 s cut into sentences), and Chinese and Japanese documents are often one run from start to end.
 */
const SENTENCE_END = /(?<=[。！？])(?![\p{M}\p{Cf}])/u;

/**
 * The words of a text: whitespace-separated tokens (punctuation stays attached, as Gopher counts them), except that a
 * token holding a spaceless script is split into words by `Intl.Segmenter` (its punctuation-only segments dropped),
 * one sentence at a time. Text without such a script never reaches the segmenter, which is several times slower than
 * a split on spaces.
 */
export function splitWords(text: string): string[] {
  const tokens = text.split(WHITESPACE);
  if (!hasSpacelessScript(text)) return tokens.filter(Boolean);
  const words: string[] = [];
  for (const token of tokens) {
    if (!token) continue;
    if (!hasSpacelessScript(token)) {
      words.push(token);
      continue;
    }
    for (const sentence of token.split(SENTENCE_END))
      for (const { segment, isWordLike } of segmenter.segment(sentence)) if (isWordLike) words.push(segment);
  }
  return words;
}
