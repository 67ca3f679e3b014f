/** PE(pos, 2i) = sin(pos / 10000^(2i/d)), PE(pos, 2i+1) = cos(pos / 10000^(2i/d)); row-major [contextLength, d]. */
export function sinusoidalTable(contextLength: number, d: number): Float32Array {
  const table = new Float32Array(contextLength * d);
  for (let pos = 0; pos < contextLength; pos++) {
    for (let col = 0; col < d; col++) {
      const pairIndex = col - (col % 2);
      const angle = pos / Math.pow(10000, pairIndex / d);
      table[pos * d + col] = col % 2 === 0 ? Math.sin(angle) : Math.cos(angle);
    }
  }
  return table;
}
