import { sinusoidalTable } from './sinusoidal';

describe('sinusoidalTable', () => {
  it('gives the issue values for d = 2 at positions 0, 1, 2', () => {
    const table = sinusoidalTable(3, 2);
    const expected = [0, 1, 0.8415, 0.5403, 0.9093, -0.4161];
    expected.forEach((value, i) => expect(table[i]).toBeCloseTo(value, 4));
  });

  it('uses the pair index 2i in the exponent for wider tables', () => {
    const d = 8;
    const table = sinusoidalTable(5, d);
    const pos = 4;
    const i = 2;
    expect(table[pos * d + 2 * i]).toBeCloseTo(Math.sin(pos / Math.pow(10000, (2 * i) / d)), 6);
    expect(table[pos * d + 2 * i + 1]).toBeCloseTo(Math.cos(pos / Math.pow(10000, (2 * i) / d)), 6);
  });
});
