/** Length of the longest common subsequence of two sequences, in O(|a|·|b|) time and O(|b|) memory. */
export function longestCommonSubsequence<T>(a: ArrayLike<T>, b: ArrayLike<T>): number {
  let previous = new Uint32Array(b.length + 1);
  let current = new Uint32Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      current[j] = a[i - 1] === b[j - 1] ? previous[j - 1] + 1 : Math.max(previous[j], current[j - 1]);
    }
    [previous, current] = [current, previous];
  }
  return previous[b.length];
}
