/**
 * Central finite differences (f(x + h e_i) - f(x - h e_i)) / 2h of a float64 scalar function, for the coordinates in
 * `indices` (all by default). With float64 and h = 1e-6 the truncation and rounding errors are both around 1e-10.
 */
export function centralDifferences(
  f: (x: Float64Array) => number,
  x: Float64Array,
  indices: number[] = [...x.keys()],
  h = 1e-6,
): Float64Array {
  const grad = new Float64Array(indices.length);
  const probe = Float64Array.from(x);
  indices.forEach((index, k) => {
    probe[index] = x[index] + h;
    const up = f(probe);
    probe[index] = x[index] - h;
    const down = f(probe);
    probe[index] = x[index];
    grad[k] = (up - down) / (2 * h);
  });
  return grad;
}

/** ||a - b|| / ||b||: the error measure the gradient checks bound. */
export function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let diff = 0;
  let norm = 0;
  for (let i = 0; i < b.length; i++) {
    diff += (a[i] - b[i]) ** 2;
    norm += b[i] ** 2;
  }
  return Math.sqrt(diff) / Math.max(Math.sqrt(norm), 1e-30);
}
