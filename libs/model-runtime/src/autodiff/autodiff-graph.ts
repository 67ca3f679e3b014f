import { GraphBuilder } from '../onnx/graph-builder';
import { broadcastShapes, DType, normalizeAxis, sameShape, sizeOf, Tensor } from './tensor';

/**
 * Static-shape tensor operations that emit ONNX nodes through a GraphBuilder and record each call on a tape, so that
 * `gradients()` can walk the tape backwards and the float64 reference can re-evaluate the same forward computation.
 * Every attribute a rule or the reference needs is kept in the record in plain (not ONNX-encoded) form.
 */
export type OpKind =
  | 'Add' | 'Sub' | 'Mul' | 'Div' | 'Neg' | 'Tanh' | 'Exp' | 'Log' | 'Sqrt' | 'Max' | 'Min' | 'GeluTanh' | 'Sigmoid'
  | 'MatMul' | 'Transpose' | 'Reshape' | 'Expand' | 'Softmax' | 'Where' | 'ReduceSum' | 'ReduceMean'
  | 'Concat' | 'Split' | 'Slice' | 'Pad' | 'Gather' | 'OneHot' | 'LayerNormalization' | 'SoftmaxCrossEntropyLoss';

export interface OpAttrs {
  perm?: number[];
  shape?: number[];
  axes?: number[];
  keepdims?: boolean;
  axis?: number;
  sizes?: number[];
  start?: number;
  end?: number;
  pads?: number[];
  depth?: number;
  epsilon?: number;
  /** SoftmaxCrossEntropyLoss: the mean over rows (a scalar) or one loss per row. */
  reduction?: 'mean' | 'none';
}

export interface OpRecord {
  readonly kind: OpKind;
  readonly inputs: Tensor[];
  readonly outputs: Tensor[];
  readonly attrs: OpAttrs;
}

export interface ConstantValue {
  readonly shape: readonly number[];
  readonly data: Float32Array | BigInt64Array | Uint8Array;
}

export class AutodiffGraph {
  readonly builder: GraphBuilder;
  readonly tape: OpRecord[] = [];
  /** Values of constants and initializers, which the float64 reference reads. */
  readonly constants = new Map<string, ConstantValue>();
  private readonly scalarCache = new Map<number, Tensor>();

  constructor(name: string) {
    this.builder = new GraphBuilder(name);
  }

  input(name: string, dtype: DType, shape: readonly number[]): Tensor {
    this.builder.input(name, dtype, [...shape]);
    return { name, dtype, shape: [...shape] };
  }

  constant(data: Float32Array, shape: readonly number[], nameHint = 'const'): Tensor {
    const name = this.builder.initializer(this.builder.freshName(nameHint), 'float32', [...shape], data);
    this.constants.set(name, { shape, data });
    return { name, dtype: 'float32', shape: [...shape] };
  }

  constantInt64(values: number[], shape: readonly number[]): Tensor {
    const data = BigInt64Array.from(values.map(BigInt));
    const name = this.builder.initializer(this.builder.freshName('const_i64'), 'int64', [...shape], data);
    this.constants.set(name, { shape, data });
    return { name, dtype: 'int64', shape: [...shape] };
  }

  constantBool(values: boolean[], shape: readonly number[]): Tensor {
    const data = Uint8Array.from(values.map((v) => (v ? 1 : 0)));
    const name = this.builder.initializer(this.builder.freshName('const_bool'), 'bool', [...shape], data);
    this.constants.set(name, { shape, data });
    return { name, dtype: 'bool', shape: [...shape] };
  }

  /** A float32 scalar constant, shared between uses of the same value. */
  scalar(value: number): Tensor {
    let tensor = this.scalarCache.get(value);
    if (!tensor) {
      tensor = this.constant(Float32Array.of(value), [], 'scalar');
      this.scalarCache.set(value, tensor);
    }
    return tensor;
  }

  output(tensor: Tensor, outputName?: string): void {
    if (tensor.dtype === 'bool') throw new Error('bool graph outputs are not supported');
    this.builder.output(tensor.name, tensor.dtype, [...tensor.shape], outputName);
  }

  // Elementwise ----------------------------------------------------------------------------------------------------

  add(a: Tensor, b: Tensor): Tensor {
    return this.binary('Add', a, b);
  }

  sub(a: Tensor, b: Tensor): Tensor {
    return this.binary('Sub', a, b);
  }

  mul(a: Tensor, b: Tensor): Tensor {
    return this.binary('Mul', a, b);
  }

  div(a: Tensor, b: Tensor): Tensor {
    return this.binary('Div', a, b);
  }

  /** Elementwise maximum / minimum of two tensors (not differentiated; used by the optimizer). */
  max(a: Tensor, b: Tensor): Tensor {
    return this.binary('Max', a, b);
  }

  min(a: Tensor, b: Tensor): Tensor {
    return this.binary('Min', a, b);
  }

  neg(x: Tensor): Tensor {
    return this.unary('Neg', x);
  }

  tanh(x: Tensor): Tensor {
    return this.unary('Tanh', x);
  }

  exp(x: Tensor): Tensor {
    return this.unary('Exp', x);
  }

  log(x: Tensor): Tensor {
    return this.unary('Log', x);
  }

  sqrt(x: Tensor): Tensor {
    return this.unary('Sqrt', x);
  }

  sigmoid(x: Tensor): Tensor {
    return this.unary('Sigmoid', x);
  }

  /**
   * GELU, tanh approximation (GPT-2's gelu_new): 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))). One fused
   * onnxruntime kernel (com.microsoft FastGelu, the same formula) instead of nine elementwise passes.
   */
  geluTanh(x: Tensor): Tensor {
    const [name] = this.builder.op('FastGelu', [x.name], {}, { domain: 'com.microsoft' });
    return this.record('GeluTanh', [x], [{ name, shape: x.shape, dtype: x.dtype }], {})[0];
  }

  where(condition: Tensor, a: Tensor, b: Tensor): Tensor {
    const shape = broadcastShapes(condition.shape, broadcastShapes(a.shape, b.shape));
    const [name] = this.builder.op('Where', [condition.name, a.name, b.name]);
    return this.record('Where', [condition, a, b], [{ name, shape, dtype: a.dtype }], {})[0];
  }

  // Shape --------------------------------------------------------------------------------------------------------

  matmul(a: Tensor, b: Tensor): Tensor {
    if (a.shape.length < 2 || b.shape.length < 2) throw new Error('matmul needs operands of rank >= 2');
    const k = a.shape[a.shape.length - 1];
    if (b.shape[b.shape.length - 2] !== k) throw new Error(`matmul inner dims differ: [${a.shape}] x [${b.shape}]`);
    const batch = broadcastShapes(a.shape.slice(0, -2), b.shape.slice(0, -2));
    const shape = [...batch, a.shape[a.shape.length - 2], b.shape[b.shape.length - 1]];
    const [name] = this.builder.op('MatMul', [a.name, b.name]);
    return this.record('MatMul', [a, b], [{ name, shape, dtype: 'float32' }], {})[0];
  }

  transpose(x: Tensor, perm: number[]): Tensor {
    const shape = perm.map((p) => x.shape[p]);
    const [name] = this.builder.op('Transpose', [x.name], { perm });
    return this.record('Transpose', [x], [{ name, shape, dtype: x.dtype }], { perm })[0];
  }

  /** Swaps the last two axes. */
  transposeLast(x: Tensor): Tensor {
    const rank = x.shape.length;
    const perm = [...Array(rank).keys()];
    [perm[rank - 2], perm[rank - 1]] = [perm[rank - 1], perm[rank - 2]];
    return this.transpose(x, perm);
  }

  /** Reshape to a fully static target shape; one entry may be -1. */
  reshape(x: Tensor, target: number[]): Tensor {
    const known = target.filter((d) => d !== -1).reduce((a, b) => a * b, 1);
    const shape = target.map((d) => (d === -1 ? sizeOf(x.shape) / known : d));
    if (sizeOf(shape) !== sizeOf(x.shape)) throw new Error(`cannot reshape [${x.shape}] to [${target}]`);
    if (sameShape(shape, x.shape)) return x;
    const [name] = this.builder.op('Reshape', [x.name, this.int64Vector(shape)]);
    return this.record('Reshape', [x], [{ name, shape, dtype: x.dtype }], { shape })[0];
  }

  expand(x: Tensor, target: number[]): Tensor {
    const shape = broadcastShapes(x.shape, target);
    if (sameShape(shape, x.shape)) return x;
    const [name] = this.builder.op('Expand', [x.name, this.int64Vector(shape)]);
    return this.record('Expand', [x], [{ name, shape, dtype: x.dtype }], { shape })[0];
  }

  concat(parts: Tensor[], axis: number): Tensor {
    const rank = parts[0].shape.length;
    const ax = normalizeAxis(axis, rank);
    const shape = [...parts[0].shape];
    shape[ax] = parts.reduce((sum, p) => sum + p.shape[ax], 0);
    const [name] = this.builder.op('Concat', parts.map((p) => p.name), { axis: ax });
    return this.record('Concat', parts, [{ name, shape, dtype: parts[0].dtype }], { axis: ax })[0];
  }

  split(x: Tensor, axis: number, sizes: number[]): Tensor[] {
    const ax = normalizeAxis(axis, x.shape.length);
    if (sizes.reduce((a, b) => a + b, 0) !== x.shape[ax]) throw new Error(`split sizes [${sizes}] do not sum to ${x.shape[ax]}`);
    const names = this.builder.op('Split', [x.name, this.int64Vector(sizes)], { axis: ax }, { outputs: sizes.length });
    const outputs = names.map((name, i) => {
      const shape = [...x.shape];
      shape[ax] = sizes[i];
      return { name, shape, dtype: x.dtype };
    });
    return this.record('Split', [x], outputs, { axis: ax, sizes });
  }

  /** x[..., start:end, ...] along one axis. */
  slice(x: Tensor, axis: number, start: number, end: number): Tensor {
    const ax = normalizeAxis(axis, x.shape.length);
    if (!(start >= 0 && end <= x.shape[ax] && start < end)) throw new Error(`slice [${start}, ${end}) out of range`);
    const shape = [...x.shape];
    shape[ax] = end - start;
    const [name] = this.builder.op('Slice', [
      x.name, this.int64Vector([start]), this.int64Vector([end]), this.int64Vector([ax]),
    ]);
    return this.record('Slice', [x], [{ name, shape, dtype: x.dtype }], { axis: ax, start, end })[0];
  }

  /** Zero padding; `pads` is ONNX's [begin_0, ..., begin_n, end_0, ..., end_n]. */
  pad(x: Tensor, pads: number[]): Tensor {
    const rank = x.shape.length;
    const shape = x.shape.map((d, i) => d + pads[i] + pads[rank + i]);
    const [name] = this.builder.op('Pad', [x.name, this.int64Vector(pads)], { mode: 'constant' });
    return this.record('Pad', [x], [{ name, shape, dtype: x.dtype }], { pads })[0];
  }

  // Reductions and normalisation ----------------------------------------------------------------------------------

  reduceSum(x: Tensor, axes: number[], keepdims: boolean): Tensor {
    const normalized = axes.map((a) => normalizeAxis(a, x.shape.length));
    const shape = reducedShape(x.shape, normalized, keepdims);
    const [name] = this.builder.op('ReduceSum', [x.name, this.int64Vector(normalized)], { keepdims: keepdims ? 1 : 0 });
    return this.record('ReduceSum', [x], [{ name, shape, dtype: x.dtype }], { axes: normalized, keepdims })[0];
  }

  reduceMean(x: Tensor, axes: number[], keepdims: boolean): Tensor {
    const normalized = axes.map((a) => normalizeAxis(a, x.shape.length));
    const shape = reducedShape(x.shape, normalized, keepdims);
    // Opset 17 ReduceMean still takes its axes as an attribute (ReduceSum moved them to an input at 13).
    const [name] = this.builder.op('ReduceMean', [x.name], { axes: normalized, keepdims: keepdims ? 1 : 0 });
    return this.record('ReduceMean', [x], [{ name, shape, dtype: x.dtype }], { axes: normalized, keepdims })[0];
  }

  softmax(x: Tensor): Tensor {
    const [name] = this.builder.op('Softmax', [x.name], { axis: -1 });
    return this.record('Softmax', [x], [{ name, shape: x.shape, dtype: 'float32' }], { axis: -1 })[0];
  }

  /** LayerNormalization over the last axis; the saved mean and inverse standard deviation serve the gradient. */
  layerNorm(x: Tensor, gamma: Tensor, beta: Tensor, epsilon: number): Tensor {
    const statShape = [...x.shape.slice(0, -1), 1];
    const [y, mean, invStd] = this.builder.op('LayerNormalization', [x.name, gamma.name, beta.name], {
      axis: -1,
      epsilon: { f: epsilon },
    }, { outputs: 3 });
    return this.record('LayerNormalization', [x, gamma, beta], [
      { name: y, shape: x.shape, dtype: 'float32' },
      { name: mean, shape: statShape, dtype: 'float32' },
      { name: invStd, shape: statShape, dtype: 'float32' },
    ], { axis: -1, epsilon })[0];
  }

  // Indexing -----------------------------------------------------------------------------------------------------

  /** Rows of `table` ([n, d]) picked by int64 `indices` of any shape: output shape indices.shape + [d]. */
  gather(table: Tensor, indices: Tensor): Tensor {
    const shape = [...indices.shape, ...table.shape.slice(1)];
    const [name] = this.builder.op('Gather', [table.name, indices.name], { axis: 0 });
    return this.record('Gather', [table, indices], [{ name, shape, dtype: table.dtype }], { axis: 0 })[0];
  }

  /** float32 one-hot rows of width `depth` for int64 `indices`. */
  oneHot(indices: Tensor, depth: number): Tensor {
    const values = this.constant(Float32Array.of(0, 1), [2], 'one_hot_values');
    const [name] = this.builder.op('OneHot', [indices.name, this.int64Vector([depth]), values.name], { axis: -1 });
    return this.record('OneHot', [indices], [{ name, shape: [...indices.shape, depth], dtype: 'float32' }], { depth })[0];
  }

  /**
   * Softmax cross-entropy of logits [n, classes] against int64 labels [n]: their mean (a scalar), or with
   * `reduction: 'none'` one loss per row [n], which per-token loss weights multiply.
   */
  softmaxCrossEntropy(logits: Tensor, labels: Tensor, reduction: 'mean' | 'none' = 'mean'): Tensor {
    if (logits.shape.length !== 2 || labels.shape.length !== 1 || labels.shape[0] !== logits.shape[0]) {
      throw new Error(`softmaxCrossEntropy needs logits [n, c] and labels [n], got [${logits.shape}] and [${labels.shape}]`);
    }
    const [loss, logProb] = this.builder.op('SoftmaxCrossEntropyLoss', [logits.name, labels.name], { reduction }, { outputs: 2 });
    return this.record('SoftmaxCrossEntropyLoss', [logits, labels], [
      { name: loss, shape: reduction === 'mean' ? [] : [logits.shape[0]], dtype: 'float32' },
      { name: logProb, shape: logits.shape, dtype: 'float32' },
    ], { reduction })[0];
  }

  // Internals ----------------------------------------------------------------------------------------------------

  private binary(kind: OpKind, a: Tensor, b: Tensor): Tensor {
    const shape = broadcastShapes(a.shape, b.shape);
    const [name] = this.builder.op(kind, [a.name, b.name]);
    return this.record(kind, [a, b], [{ name, shape, dtype: a.dtype }], {})[0];
  }

  private unary(kind: OpKind, x: Tensor): Tensor {
    const [name] = this.builder.op(kind, [x.name]);
    return this.record(kind, [x], [{ name, shape: x.shape, dtype: x.dtype }], {})[0];
  }

  private int64Vector(values: number[]): string {
    return this.builder.constantI64(values, [values.length]);
  }

  private record(kind: OpKind, inputs: Tensor[], outputs: Tensor[], attrs: OpAttrs): Tensor[] {
    this.tape.push({ kind, inputs, outputs, attrs });
    return outputs;
  }
}

function reducedShape(shape: readonly number[], axes: number[], keepdims: boolean): number[] {
  return keepdims ? shape.map((d, i) => (axes.includes(i) ? 1 : d)) : shape.filter((_, i) => !axes.includes(i));
}
