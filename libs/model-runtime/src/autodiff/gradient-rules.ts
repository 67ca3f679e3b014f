import { AutodiffGraph, OpKind, OpRecord } from './autodiff-graph';
import { sameShape, sizeOf, Tensor } from './tensor';

/**
 * Reverse-mode rules: given an op's record and the gradients of the loss with respect to its outputs, emit the
 * gradients with respect to the inputs that need one (`needs[i]`). Rules are written with the same differentiable
 * operations, so every gradient is itself an ONNX subgraph.
 */
export type GradientRule = (
  g: AutodiffGraph,
  record: OpRecord,
  outputGrads: (Tensor | undefined)[],
  needs: boolean[],
) => (Tensor | undefined)[];

/** Sums `grad` over the axes along which `shape` was broadcast, giving a tensor of exactly `shape`. */
export function unbroadcast(g: AutodiffGraph, grad: Tensor, shape: readonly number[]): Tensor {
  if (sameShape(grad.shape, shape)) return grad;
  const offset = grad.shape.length - shape.length;
  const axes = grad.shape
    .map((d, i) => (i < offset || (shape[i - offset] === 1 && d !== 1) ? i : -1))
    .filter((i) => i >= 0);
  const summed = axes.length > 0 ? g.reduceSum(grad, axes, true) : grad;
  return g.reshape(summed, [...shape]);
}

function zerosLike(g: AutodiffGraph, t: Tensor): Tensor {
  return g.expand(g.scalar(0), [...t.shape]);
}

/** d/dx of a reduction over `axes`: put the reduced axes back as size 1 and broadcast to the input shape. */
function expandReduced(g: AutodiffGraph, grad: Tensor, input: Tensor, axes: number[], keepdims: boolean): Tensor {
  const kept = keepdims ? grad : g.reshape(grad, input.shape.map((d, i) => (axes.includes(i) ? 1 : d)));
  return g.expand(kept, [...input.shape]);
}

const rules: Partial<Record<OpKind, GradientRule>> = {
  Add: (g, { inputs: [a, b] }, [dy], needs) => [
    needs[0] ? unbroadcast(g, dy!, a.shape) : undefined,
    needs[1] ? unbroadcast(g, dy!, b.shape) : undefined,
  ],
  Sub: (g, { inputs: [a, b] }, [dy], needs) => [
    needs[0] ? unbroadcast(g, dy!, a.shape) : undefined,
    needs[1] ? unbroadcast(g, g.neg(dy!), b.shape) : undefined,
  ],
  Mul: (g, { inputs: [a, b] }, [dy], needs) => [
    needs[0] ? unbroadcast(g, g.mul(dy!, b), a.shape) : undefined,
    needs[1] ? unbroadcast(g, g.mul(dy!, a), b.shape) : undefined,
  ],
  Div: (g, { inputs: [a, b], outputs: [y] }, [dy], needs) => [
    needs[0] ? unbroadcast(g, g.div(dy!, b), a.shape) : undefined,
    needs[1] ? unbroadcast(g, g.neg(g.div(g.mul(dy!, y), b)), b.shape) : undefined,
  ],
  Neg: (g, _record, [dy]) => [g.neg(dy!)],
  Tanh: (g, { outputs: [y] }, [dy]) => [g.mul(dy!, g.sub(g.scalar(1), g.mul(y, y)))],
  Exp: (g, { outputs: [y] }, [dy]) => [g.mul(dy!, y)],
  Log: (g, { inputs: [x] }, [dy]) => [g.div(dy!, x)],
  Sqrt: (g, { outputs: [y] }, [dy]) => [g.div(g.mul(dy!, g.scalar(0.5)), y)],
  GeluTanh: (g, { inputs: [x], outputs: [y] }, [dy]) => {
    // With 0.5 (1 + tanh(z)) = sigmoid(2z): gelu(x) = x s, s = sigmoid(k), k = 2c (x + a x^3), c = sqrt(2/pi),
    // a = 0.044715, so gelu'(x) = s + x s (1 - s) k' = s + y (1 - s) k' with k' = 2c (1 + 3a x^2) and y the output.
    const c2 = 2 * Math.sqrt(2 / Math.PI);
    const a = 0.044715;
    const square = g.mul(x, x);
    const s = g.sigmoid(g.mul(x, g.add(g.mul(square, g.scalar(c2 * a)), g.scalar(c2))));
    const slope = g.add(g.mul(square, g.scalar(3 * c2 * a)), g.scalar(c2));
    const derivative = g.add(s, g.mul(g.mul(y, g.sub(g.scalar(1), s)), slope));
    return [g.mul(dy!, derivative)];
  },
  Sigmoid: (g, { outputs: [y] }, [dy]) => [g.mul(dy!, g.mul(y, g.sub(g.scalar(1), y)))],
  Where: (g, { inputs: [condition, a, b] }, [dy], needs) => {
    const zero = g.scalar(0);
    return [
      undefined,
      needs[1] ? unbroadcast(g, g.where(condition, dy!, zero), a.shape) : undefined,
      needs[2] ? unbroadcast(g, g.where(condition, zero, dy!), b.shape) : undefined,
    ];
  },
  MatMul: (g, { inputs: [a, b] }, [dy], needs) => {
    const grads: (Tensor | undefined)[] = [undefined, undefined];
    if (needs[0]) grads[0] = unbroadcast(g, g.matmul(dy!, g.transposeLast(b)), a.shape);
    if (needs[1]) {
      if (b.shape.length === 2 && a.shape.length > 2) {
        // A batch of rows times one weight matrix: fold the batch into the rows, one 2-D MatMul instead of a batched
        // product followed by a sum over the batch.
        const k = a.shape[a.shape.length - 1];
        const n = b.shape[1];
        const rows = g.reshape(a, [-1, k]);
        grads[1] = g.matmul(g.transposeLast(rows), g.reshape(dy!, [-1, n]));
      } else {
        grads[1] = unbroadcast(g, g.matmul(g.transposeLast(a), dy!), b.shape);
      }
    }
    return grads;
  },
  Transpose: (g, { attrs }, [dy]) => {
    const perm = attrs.perm!;
    const inverse = perm.map((_, i) => perm.indexOf(i));
    return [g.transpose(dy!, inverse)];
  },
  Reshape: (g, { inputs: [x] }, [dy]) => [g.reshape(dy!, [...x.shape])],
  Expand: (g, { inputs: [x] }, [dy]) => [unbroadcast(g, dy!, x.shape)],
  ReduceSum: (g, { inputs: [x], attrs }, [dy]) => [expandReduced(g, dy!, x, attrs.axes!, attrs.keepdims!)],
  ReduceMean: (g, { inputs: [x], attrs }, [dy]) => {
    const count = attrs.axes!.reduce((n, axis) => n * x.shape[axis], 1);
    return [expandReduced(g, g.mul(dy!, g.scalar(1 / count)), x, attrs.axes!, attrs.keepdims!)];
  },
  Softmax: (g, { outputs: [y] }, [dy]) => {
    const dot = g.reduceSum(g.mul(dy!, y), [-1], true);
    return [g.mul(y, g.sub(dy!, dot))];
  },
  Concat: (g, { inputs, attrs }, [dy], needs) => {
    const parts = g.split(dy!, attrs.axis!, inputs.map((t) => t.shape[attrs.axis!]));
    return parts.map((part, i) => (needs[i] ? part : undefined));
  },
  Split: (g, { outputs, attrs }, dys) => [
    g.concat(outputs.map((out, i) => dys[i] ?? zerosLike(g, out)), attrs.axis!),
  ],
  Slice: (g, { inputs: [x], attrs }, [dy]) => {
    const rank = x.shape.length;
    const pads = new Array<number>(2 * rank).fill(0);
    pads[attrs.axis!] = attrs.start!;
    pads[rank + attrs.axis!] = x.shape[attrs.axis!] - attrs.end!;
    return [g.pad(dy!, pads)];
  },
  Pad: (g, { inputs: [x], attrs }, [dy]) => {
    const rank = x.shape.length;
    let grad = dy!;
    for (let axis = 0; axis < rank; axis++) {
      const begin = attrs.pads![axis];
      if (begin !== 0 || attrs.pads![rank + axis] !== 0) grad = g.slice(grad, axis, begin, begin + x.shape[axis]);
    }
    return [grad];
  },
  Gather: (g, { inputs: [table, indices] }, [dy]) => {
    // Scatter-add as a product: onehot(indices)^T [n, m] times the output gradient rows [m, d].
    const rows = table.shape[0];
    const width = sizeOf(table.shape.slice(1));
    const flatIndices = g.reshape(indices, [sizeOf(indices.shape)]);
    const selection = g.oneHot(flatIndices, rows);
    const grad = g.matmul(g.transposeLast(selection), g.reshape(dy!, [-1, width]));
    return [g.reshape(grad, [...table.shape]), undefined];
  },
  LayerNormalization: (g, { inputs: [x, gamma], outputs: [, mean, invStd] }, [dy], needs) => {
    const leading = x.shape.map((_, i) => i).slice(0, -1);
    const normalized = g.mul(g.sub(x, mean), invStd);
    const grads: (Tensor | undefined)[] = [undefined, undefined, undefined];
    if (needs[1]) grads[1] = g.reduceSum(g.mul(dy!, normalized), leading, false);
    if (needs[2]) grads[2] = g.reduceSum(dy!, leading, false);
    if (needs[0]) {
      const dNormalized = g.mul(dy!, gamma);
      const meanD = g.reduceMean(dNormalized, [-1], true);
      const meanDn = g.reduceMean(g.mul(dNormalized, normalized), [-1], true);
      grads[0] = g.mul(invStd, g.sub(g.sub(dNormalized, meanD), g.mul(normalized, meanDn)));
    }
    return grads;
  },
  SoftmaxCrossEntropyLoss: (g, { inputs: [logits, labels], outputs: [, logProb], attrs }, [dLoss]) => {
    const [rows, classes] = logits.shape;
    const probs = g.exp(logProb);
    const residual = g.sub(probs, g.oneHot(labels, classes));
    if (attrs.reduction === 'none') return [g.mul(residual, g.reshape(dLoss!, [rows, 1])), undefined];
    return [g.mul(residual, g.mul(dLoss!, g.scalar(1 / rows))), undefined];
  },
};

export function gradientRule(kind: OpKind): GradientRule {
  const rule = rules[kind];
  if (!rule) throw new Error(`no gradient rule for ${kind}`);
  return rule;
}
