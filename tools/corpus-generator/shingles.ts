/** Word 5-gram shingles after the same normalization the MinHash stage applies (lower case, ASCII punctuation dropped). */
export function shingleSet(text: string, size = 5): Set<string> {
  const words = text
    .split(/\s+/)
    .map((w) => w.toLowerCase().replace(/[\x21-\x2f\x3a-\x40\x5b-\x60\x7b-\x7e]/g, ''))
    .filter(Boolean);
  const shingles = new Set<string>();
  for (let i = 0; i + size <= Math.max(words.length, size); i++) shingles.add(words.slice(i, i + size).join(' '));
  return shingles;
}

export function jaccard(a: Set<string>, b: Set<string>): number {
  let shared = 0;
  for (const s of a) if (b.has(s)) shared++;
  return shared / (a.size + b.size - shared);
}
