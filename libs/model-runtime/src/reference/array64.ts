/** A dense row-major float64 array: the value type of the plain-TypeScript reference. Integers and booleans too. */
export interface Array64 {
  readonly shape: readonly number[];
  readonly data: Float64Array;
}

export function array64(shape: readonly number[], data?: ArrayLike<number>): Array64 {
  const size = shape.reduce((a, b) => a * b, 1);
  const values = data ? Float64Array.from(data) : new Float64Array(size);
  if (values.length !== size) throw new Error(`data of length ${values.length} does not fill shape [${shape}]`);
  return { shape: [...shape], data: values };
}

export function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let stride = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = stride;
    stride *= shape[i];
  }
  return strides;
}

/** For each flat index of `outShape`, the flat index into an operand of `shape` broadcast to it. */
export function broadcastIndex(shape: readonly number[], outShape: readonly number[]): Int32Array {
  const size = outShape.reduce((a, b) => a * b, 1);
  const offset = outShape.length - shape.length;
  const inStrides = stridesOf(shape);
  const outStrides = stridesOf(outShape);
  const map = new Int32Array(size);
  for (let flat = 0; flat < size; flat++) {
    let rest = flat;
    let index = 0;
    for (let axis = 0; axis < outShape.length; axis++) {
      const coord = Math.floor(rest / outStrides[axis]);
      rest -= coord * outStrides[axis];
      const inAxis = axis - offset;
      if (inAxis >= 0 && shape[inAxis] !== 1) index += coord * inStrides[inAxis];
    }
    map[flat] = index;
  }
  return map;
}
