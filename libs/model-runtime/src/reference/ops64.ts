import type { OpAttrs, OpKind } from '../autodiff/autodiff-graph';
import { broadcastShapes } from '../autodiff/tensor';
import { Array64, array64, broadcastIndex, stridesOf } from './array64';

/**
 * Float64 forward semantics of every op the autodiff graph records, written independently of onnxruntime with plain
 * loops. Used to evaluate the same computation in double precision for finite-difference gradient checks.
 */
type Op64 = (inputs: Array64[], attrs: OpAttrs) => Array64[];

function elementwise(inputs: Array64[], f: (...values: number[]) => number): Array64 {
  const shape = inputs.map((x) => x.shape).reduce((a, b) => broadcastShapes(a, b));
  const size = shape.reduce((a, b) => a * b, 1);
  // Same-size operands index directly; only broadcast ones need an index map.
  const maps = inputs.map((x) => (x.data.length === size ? null : broadcastIndex(x.shape, shape)));
  const out = array64(shape);
  const args = new Array<number>(inputs.length);
  for (let i = 0; i < out.data.length; i++) {
    for (let k = 0; k < inputs.length; k++) args[k] = inputs[k].data[maps[k]?.[i] ?? i];
    out.data[i] = f(...args);
  }
  return out;
}

function reduce(x: Array64, axes: number[], keepdims: boolean, mean: boolean): Array64 {
  const keptShape = x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
  const out = array64(keepdims ? keptShape : x.shape.filter((_, i) => !axes.includes(i)));
  const map = broadcastIndex(keptShape, x.shape);
  for (let i = 0; i < x.data.length; i++) out.data[map[i]] += x.data[i];
  if (mean) {
    const count = axes.reduce((n, a) => n * x.shape[a], 1);
    for (let i = 0; i < out.data.length; i++) out.data[i] /= count;
  }
  return out;
}

function transpose(x: Array64, perm: number[]): Array64 {
  const outShape = perm.map((p) => x.shape[p]);
  const inStrides = stridesOf(x.shape);
  const outStrides = stridesOf(outShape);
  const out = array64(outShape);
  for (let flat = 0; flat < out.data.length; flat++) {
    let rest = flat;
    let index = 0;
    for (let axis = 0; axis < outShape.length; axis++) {
      const coord = Math.floor(rest / outStrides[axis]);
      rest -= coord * outStrides[axis];
      index += coord * inStrides[perm[axis]];
    }
    out.data[flat] = x.data[index];
  }
  return out;
}

function matmul(a: Array64, b: Array64): Array64 {
  const [m, k] = a.shape.slice(-2);
  const n = b.shape[b.shape.length - 1];
  const batch = broadcastShapes(a.shape.slice(0, -2), b.shape.slice(0, -2));
  const batchSize = batch.reduce((x, y) => x * y, 1);
  const aMap = broadcastIndex(a.shape.slice(0, -2), batch);
  const bMap = broadcastIndex(b.shape.slice(0, -2), batch);
  const out = array64([...batch, m, n]);
  for (let t = 0; t < batchSize; t++) {
    const aBase = aMap[t] * m * k;
    const bBase = bMap[t] * k * n;
    const oBase = t * m * n;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let sum = 0;
        for (let p = 0; p < k; p++) sum += a.data[aBase + i * k + p] * b.data[bBase + p * n + j];
        out.data[oBase + i * n + j] = sum;
      }
    }
  }
  return out;
}

/** Applies `f` to each contiguous row of the last axis. */
function mapRows(x: Array64, f: (row: Float64Array, out: Float64Array, rowIndex: number) => void): Array64 {
  const width = x.shape[x.shape.length - 1];
  const out = array64(x.shape);
  for (let r = 0; r * width < x.data.length; r++) {
    f(x.data.subarray(r * width, (r + 1) * width), out.data.subarray(r * width, (r + 1) * width), r);
  }
  return out;
}

function softmaxRow(row: Float64Array, out: Float64Array): void {
  const max = row.reduce((a, b) => Math.max(a, b), -Infinity);
  let sum = 0;
  for (let i = 0; i < row.length; i++) sum += out[i] = Math.exp(row[i] - max);
  for (let i = 0; i < row.length; i++) out[i] /= sum;
}

/** Copies blocks along `axis`: the shape is [outer, axisLength, inner] in row-major terms. */
function axisLayout(shape: readonly number[], axis: number): { outer: number; inner: number } {
  return {
    outer: shape.slice(0, axis).reduce((a, b) => a * b, 1),
    inner: shape.slice(axis + 1).reduce((a, b) => a * b, 1),
  };
}

function concat(parts: Array64[], axis: number): Array64 {
  const shape = [...parts[0].shape];
  shape[axis] = parts.reduce((n, p) => n + p.shape[axis], 0);
  const out = array64(shape);
  const { outer, inner } = axisLayout(shape, axis);
  let offset = 0;
  for (const part of parts) {
    const len = part.shape[axis];
    for (let o = 0; o < outer; o++) {
      for (let a = 0; a < len; a++) {
        for (let i = 0; i < inner; i++) {
          out.data[(o * shape[axis] + offset + a) * inner + i] = part.data[(o * len + a) * inner + i];
        }
      }
    }
    offset += len;
  }
  return out;
}

function slice(x: Array64, axis: number, start: number, end: number): Array64 {
  const shape = [...x.shape];
  shape[axis] = end - start;
  const out = array64(shape);
  const { outer, inner } = axisLayout(x.shape, axis);
  for (let o = 0; o < outer; o++) {
    for (let a = start; a < end; a++) {
      for (let i = 0; i < inner; i++) {
        out.data[(o * shape[axis] + a - start) * inner + i] = x.data[(o * x.shape[axis] + a) * inner + i];
      }
    }
  }
  return out;
}

function pad(x: Array64, pads: number[]): Array64 {
  const rank = x.shape.length;
  const shape = x.shape.map((d, i) => d + pads[i] + pads[rank + i]);
  const out = array64(shape);
  const inStrides = stridesOf(x.shape);
  const outStrides = stridesOf(shape);
  for (let flat = 0; flat < x.data.length; flat++) {
    let rest = flat;
    let index = 0;
    for (let axis = 0; axis < rank; axis++) {
      const coord = Math.floor(rest / inStrides[axis]);
      rest -= coord * inStrides[axis];
      index += (coord + pads[axis]) * outStrides[axis];
    }
    out.data[index] = x.data[flat];
  }
  return out;
}

function layerNorm([x, gamma, beta]: Array64[], epsilon: number): Array64[] {
  const width = x.shape[x.shape.length - 1];
  const statShape = [...x.shape.slice(0, -1), 1];
  const mean = array64(statShape);
  const invStd = array64(statShape);
  const y = mapRows(x, (row, out, r) => {
    const mu = row.reduce((a, b) => a + b, 0) / width;
    const variance = row.reduce((a, b) => a + (b - mu) ** 2, 0) / width;
    const inv = 1 / Math.sqrt(variance + epsilon);
    mean.data[r] = mu;
    invStd.data[r] = inv;
    for (let i = 0; i < width; i++) out[i] = (row[i] - mu) * inv * gamma.data[i] + beta.data[i];
  });
  return [y, mean, invStd];
}

function softmaxCrossEntropy([logits, labels]: Array64[], reduction: 'mean' | 'none' = 'mean'): Array64[] {
  const [rows, classes] = logits.shape;
  const logProb = mapRows(logits, (row, out) => {
    const max = row.reduce((a, b) => Math.max(a, b), -Infinity);
    const logSum = Math.log(row.reduce((a, b) => a + Math.exp(b - max), 0)) + max;
    for (let i = 0; i < row.length; i++) out[i] = row[i] - logSum;
  });
  const perRow = Array.from({ length: rows }, (_, r) => -logProb.data[r * classes + labels.data[r]]);
  if (reduction === 'none') return [array64([rows], perRow), logProb];
  return [array64([], [perRow.reduce((a, b) => a + b, 0) / rows]), logProb];
}

function split(x: Array64, axis: number, sizes: number[]): Array64[] {
  let start = 0;
  return sizes.map((size) => {
    const part = slice(x, axis, start, start + size);
    start += size;
    return part;
  });
}

export const OPS64: Record<OpKind, Op64> = {
  Add: (xs) => [elementwise(xs, (a, b) => a + b)],
  Sub: (xs) => [elementwise(xs, (a, b) => a - b)],
  Mul: (xs) => [elementwise(xs, (a, b) => a * b)],
  Div: (xs) => [elementwise(xs, (a, b) => a / b)],
  Max: (xs) => [elementwise(xs, Math.max)],
  Min: (xs) => [elementwise(xs, Math.min)],
  Neg: (xs) => [elementwise(xs, (a) => -a)],
  Tanh: (xs) => [elementwise(xs, Math.tanh)],
  Exp: (xs) => [elementwise(xs, Math.exp)],
  Log: (xs) => [elementwise(xs, Math.log)],
  Sqrt: (xs) => [elementwise(xs, Math.sqrt)],
  Sigmoid: (xs) => [elementwise(xs, (x) => 1 / (1 + Math.exp(-x)))],
  GeluTanh: (xs) => [elementwise(xs, (x) => 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3))))],
  Where: (xs) => [elementwise(xs, (c, a, b) => (c !== 0 ? a : b))],
  MatMul: ([a, b]) => [matmul(a, b)],
  Transpose: ([x], { perm }) => [transpose(x, perm!)],
  Reshape: ([x], { shape }) => [array64(shape!, x.data)],
  Expand: ([x], { shape }) => [elementwise([x, array64(shape!)], (a) => a)],
  ReduceSum: ([x], { axes, keepdims }) => [reduce(x, axes!, keepdims!, false)],
  ReduceMean: ([x], { axes, keepdims }) => [reduce(x, axes!, keepdims!, true)],
  Softmax: ([x]) => [mapRows(x, softmaxRow)],
  Concat: (xs, { axis }) => [concat(xs, axis!)],
  Split: ([x], { axis, sizes }) => split(x, axis!, sizes!),
  Slice: ([x], { axis, start, end }) => [slice(x, axis!, start!, end!)],
  Pad: ([x], { pads }) => [pad(x, pads!)],
  Gather: ([table, indices]) => {
    const width = table.shape.slice(1).reduce((a, b) => a * b, 1);
    const out = array64([...indices.shape, ...table.shape.slice(1)]);
    indices.data.forEach((row, i) => out.data.set(table.data.subarray(row * width, (row + 1) * width), i * width));
    return [out];
  },
  OneHot: ([indices], { depth }) => {
    const out = array64([...indices.shape, depth!]);
    indices.data.forEach((index, i) => (out.data[i * depth! + index] = 1));
    return [out];
  },
  LayerNormalization: (xs, { epsilon }) => layerNorm(xs, epsilon!),
  SoftmaxCrossEntropyLoss: (xs, attrs) => softmaxCrossEntropy(xs, attrs.reduction),
};
