import { ModelParams } from '../model/params';

/** Concatenates the named arrays, in order, into one vector (the layout of the optimizer's flat moment state). */
export function flattenParams(values: ModelParams, names: string[]): Float32Array {
  const flat = new Float32Array(names.reduce((n, name) => n + values.get(name)!.length, 0));
  let offset = 0;
  for (const name of names) {
    flat.set(values.get(name)!, offset);
    offset += values.get(name)!.length;
  }
  return flat;
}

/** Splits a flat vector back into per-parameter copies of the given sizes. */
export function unflattenParams(flat: Float32Array, names: string[], sizes: number[]): ModelParams {
  const values: ModelParams = new Map();
  let offset = 0;
  names.forEach((name, i) => {
    values.set(name, flat.slice(offset, offset + sizes[i]));
    offset += sizes[i];
  });
  return values;
}
