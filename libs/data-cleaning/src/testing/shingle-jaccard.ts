/** The true Jaccard similarity of two word lists' k-word shingle sets: the truth MinHash estimates are checked against. */
export function shingleJaccard(a: string[], b: string[], k = 5): number {
  const set = (words: string[]) => new Set(words.slice(0, words.length - k + 1).map((_, i) => words.slice(i, i + k).join(' ')));
  const sa = set(a);
  const sb = set(b);
  let shared = 0;
  for (const s of sa) if (sb.has(s)) shared++;
  return shared / (sa.size + sb.size - shared);
}
