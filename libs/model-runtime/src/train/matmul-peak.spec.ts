import { measureMatMulRates } from './matmul-peak';

describe('measureMatMulRates', () => {
  it('reports a positive, finite GFLOP/s per size', async () => {
    const rates = await measureMatMulRates([32, 64], 2);
    expect(rates.map((r) => r.size)).toEqual([32, 64]);
    for (const { gflops } of rates) expect(Number.isFinite(gflops) && gflops > 0).toBe(true);
  });
});
