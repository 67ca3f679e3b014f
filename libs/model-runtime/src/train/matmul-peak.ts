import * as ort from 'onnxruntime-node';
import { GraphBuilder } from '../onnx/graph-builder';
import { createCpuSession } from '../onnx/cpu-session';

export interface MatMulRate {
  size: number;
  gflops: number;
}

/**
 * Measures onnxruntime's float32 MatMul rate on this machine: square n x n products, best of `repeats` timed runs per
 * size after a warm-up. The best rate over the sizes is the peak that model FLOPs utilisation is measured against.
 */
export async function measureMatMulRates(sizes = [256, 512, 1024], repeats = 5): Promise<MatMulRate[]> {
  const rates: MatMulRate[] = [];
  for (const n of sizes) {
    const g = new GraphBuilder('matmul_peak');
    const a = g.input('a', 'float32', [n, n]);
    const b = g.input('b', 'float32', [n, n]);
    g.output(g.op('MatMul', [a, b])[0], 'float32', [n, n], 'c');
    const session = await createCpuSession(g.toBytes());
    const values = Float32Array.from({ length: n * n }, (_, i) => ((i * 7919) % 1000) / 1000 - 0.5);
    const feeds = { a: new ort.Tensor('float32', values, [n, n]), b: new ort.Tensor('float32', values, [n, n]) };
    await session.run(feeds);
    let best = Infinity;
    for (let r = 0; r < repeats; r++) {
      const start = process.hrtime.bigint();
      await session.run(feeds);
      best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e9);
    }
    await session.release();
    rates.push({ size: n, gflops: (2 * n ** 3) / best / 1e9 });
  }
  return rates;
}
