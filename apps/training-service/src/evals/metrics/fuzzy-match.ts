import { longestCommonSubsequence } from './longest-common-subsequence';

/**
 * rapidfuzz's fuzz.ratio on a 0–1 scale: the normalized Indel similarity, 1 − (insertions + deletions) / (|a| + |b|),
 * where the Indel distance is |a| + |b| − 2·LCS(a, b). Compared by UTF-16 code units, as JavaScript strings are.
 */
export function fuzzyMatch(a: string, b: string): number {
  const lengths = a.length + b.length;
  if (lengths === 0) return 1;
  return (2 * longestCommonSubsequence(a, b)) / lengths;
}
