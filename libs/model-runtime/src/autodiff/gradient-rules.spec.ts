import { Rng } from '../model/rng';
import { array64, Array64 } from '../reference/array64';
import { relativeError } from '../reference/finite-differences';
import { AutodiffGraph } from './autodiff-graph';
import { checkGradients } from './gradient-check';
import { DType, sizeOf, Tensor } from './tensor';

interface InputSpec {
  shape: number[];
  dtype?: DType;
  /** Values for int64/bool inputs, or a transform of a standard normal for float inputs (e.g. keep positive). */
  values?: number[];
  transform?: (v: number) => number;
}

/**
 * Checks one op's reverse-mode gradient: loss = sum(op(inputs) * w) for a fixed random w, so every output element
 * carries a distinct weight; the float32 onnxruntime gradient must match float64 central differences.
 */
async function checkOp(specs: InputSpec[], op: (g: AutodiffGraph, ...xs: Tensor[]) => Tensor) {
  const rng = new Rng(42);
  const feeds = new Map<string, Array64>();
  const result = await checkGradients((g) => {
    const inputs = specs.map((spec, i) => g.input(`x${i}`, spec.dtype ?? 'float32', spec.shape));
    const y = op(g, ...inputs);
    const weights = Float32Array.from({ length: sizeOf(y.shape) }, () => rng.normal());
    const weighted = g.mul(y, g.constant(weights, y.shape));
    const loss = y.shape.length === 0 ? weighted : g.reduceSum(weighted, y.shape.map((_, i) => i), false);
    inputs.forEach((input, i) => {
      const spec = specs[i];
      const values = spec.values ?? Array.from({ length: sizeOf(spec.shape) }, () => (spec.transform ?? ((v) => v))(rng.normal()));
      feeds.set(input.name, array64(spec.shape, values));
    });
    return { wrt: inputs.filter((t) => t.dtype === 'float32'), loss, inputs };
  }, feeds);
  expect(Math.abs(result.loss - result.referenceLoss)).toBeLessThan(1e-4 * Math.max(1, Math.abs(result.referenceLoss)));
  expect(result.relativeError).toBeLessThan(1e-3);
  return result;
}

const positive = (v: number) => 0.5 + Math.abs(v);

// Training runs and finite-difference sweeps take seconds, more when other test files share the two cores.
jest.setTimeout(60_000);

describe('reverse-mode gradients match float64 central differences', () => {
  it.each<[string, InputSpec[], (g: AutodiffGraph, ...xs: Tensor[]) => Tensor]>([
    ['Add with broadcasting', [{ shape: [2, 3] }, { shape: [3] }], (g, a, b) => g.add(a, b)],
    ['Sub with broadcasting', [{ shape: [2, 3] }, { shape: [2, 1] }], (g, a, b) => g.sub(a, b)],
    ['Mul with broadcasting', [{ shape: [2, 3] }, { shape: [1, 3] }], (g, a, b) => g.mul(a, b)],
    ['Div with broadcasting', [{ shape: [2, 3] }, { shape: [3], transform: positive }], (g, a, b) => g.div(a, b)],
    ['Neg', [{ shape: [4] }], (g, x) => g.neg(x)],
    ['Tanh', [{ shape: [2, 3] }], (g, x) => g.tanh(x)],
    ['Exp', [{ shape: [2, 3] }], (g, x) => g.exp(x)],
    ['Log', [{ shape: [2, 3], transform: positive }], (g, x) => g.log(x)],
    ['Sqrt', [{ shape: [2, 3], transform: positive }], (g, x) => g.sqrt(x)],
    ['Sigmoid', [{ shape: [2, 3] }], (g, x) => g.sigmoid(x)],
    ['GELU (tanh approximation)', [{ shape: [3, 4], transform: (v) => 2 * v }], (g, x) => g.geluTanh(x)],
    ['MatMul 2-D', [{ shape: [3, 4] }, { shape: [4, 2] }], (g, a, b) => g.matmul(a, b)],
    ['MatMul batch of rows times a weight', [{ shape: [2, 3, 4] }, { shape: [4, 5] }], (g, a, b) => g.matmul(a, b)],
    ['MatMul batched 4-D', [{ shape: [2, 2, 3, 4] }, { shape: [2, 2, 4, 3] }], (g, a, b) => g.matmul(a, b)],
    ['MatMul with a broadcast batch', [{ shape: [2, 3, 4] }, { shape: [1, 4, 2] }], (g, a, b) => g.matmul(a, b)],
    ['Transpose', [{ shape: [2, 3, 4] }], (g, x) => g.transpose(x, [2, 0, 1])],
    ['Reshape', [{ shape: [2, 6] }], (g, x) => g.reshape(x, [3, -1])],
    ['Expand', [{ shape: [1, 3] }], (g, x) => g.expand(x, [4, 3])],
    ['Softmax', [{ shape: [2, 5] }], (g, x) => g.softmax(x)],
    [
      'Where with a causal mask',
      [{ shape: [3, 3] }, { shape: [3, 3], dtype: 'bool', values: [1, 0, 0, 1, 1, 0, 1, 1, 1] }],
      (g, x, mask) => g.where(mask, x, g.scalar(-1e4)),
    ],
    ['ReduceSum', [{ shape: [2, 3, 4] }], (g, x) => g.reduceSum(x, [1], false)],
    ['ReduceMean', [{ shape: [2, 3, 4] }], (g, x) => g.reduceMean(x, [0, 2], true)],
    ['Concat', [{ shape: [2, 1] }, { shape: [2, 3] }], (g, a, b) => g.concat([a, b], 1)],
    ['Split (both outputs used)', [{ shape: [3, 4] }], (g, x) => { const [a, b] = g.split(x, -1, [2, 2]); return g.mul(a, g.tanh(b)); }],
    ['Split (one output used)', [{ shape: [3, 4] }], (g, x) => g.split(x, 0, [1, 2])[1]],
    ['Slice', [{ shape: [2, 5] }], (g, x) => g.slice(x, 1, 1, 4)],
    ['Pad', [{ shape: [2, 3] }], (g, x) => g.pad(x, [1, 0, 0, 2])],
    [
      'Gather (embedding lookup with repeated ids)',
      [{ shape: [5, 3] }, { shape: [2, 3], dtype: 'int64', values: [0, 4, 2, 2, 0, 1] }],
      (g, table, ids) => g.gather(table, ids),
    ],
    ['LayerNormalization', [{ shape: [2, 3, 4] }, { shape: [4] }, { shape: [4] }], (g, x, w, b) => g.layerNorm(x, w, b, 1e-5)],
    [
      'SoftmaxCrossEntropyLoss',
      [{ shape: [4, 5] }, { shape: [4], dtype: 'int64', values: [0, 3, 4, 3] }],
      (g, logits, labels) => g.softmaxCrossEntropy(logits, labels),
    ],
    [
      'SoftmaxCrossEntropyLoss per row',
      [{ shape: [4, 5] }, { shape: [4], dtype: 'int64', values: [0, 3, 4, 3] }],
      (g, logits, labels) => g.softmaxCrossEntropy(logits, labels, 'none'),
    ],
  ])('%s', async (_name, specs, op) => {
    await checkOp(specs, op);
  });

  it('sums the gradient of a value used twice', async () => {
    const result = await checkOp([{ shape: [3] }], (g, x) => g.mul(g.tanh(x), x));
    expect(result.analytic[0].some((v) => v !== 0)).toBe(true);
  });

  it('can fail: a gradient off by a factor is far outside the bound', async () => {
    const result = await checkOp([{ shape: [4] }], (g, x) => g.mul(g.mul(x, x), x));
    const scaled = result.analytic[0].map((v) => (2 / 3) * v);
    expect(relativeError(scaled, result.numeric[0])).toBeGreaterThan(0.1);
  });
});
