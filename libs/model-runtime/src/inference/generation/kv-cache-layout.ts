import * as ort from 'onnxruntime-node';
import { KvCache } from '../session/inference-model';

/**
 * Where one sequence's cached keys/values live: row `row` of a batched cache whose rows are
 * right-aligned (left-padded), holding `length` real positions at the end of the row.
 */
export interface CacheRowSource {
  cache: KvCache;
  row: number;
  length: number;
}

/**
 * Builds a batched cache [rows, heads, width, headDim] with each source's positions right-aligned,
 * width = the longest source. Left padding is zeros, masked out by attention_mask. Runs only when the
 * batch's membership changes; between changes each step's present output is fed straight back.
 */
export function assembleBatchedCache(sources: CacheRowSource[], nLayer: number): { cache: KvCache; width: number } {
  const width = Math.max(0, ...sources.map((s) => s.length));
  const [, heads, , headDim] = sources[0].cache.keys[0].dims;
  const gather = (pick: (cache: KvCache) => ort.Tensor[], layer: number): ort.Tensor => {
    const out = new Float32Array(sources.length * heads * width * headDim);
    sources.forEach((source, row) => {
      const tensor = pick(source.cache)[layer];
      const data = tensor.data as Float32Array;
      const sourceWidth = tensor.dims[2];
      for (let head = 0; head < heads; head++) {
        const from = ((source.row * heads + head) * sourceWidth + sourceWidth - source.length) * headDim;
        const to = ((row * heads + head) * width + width - source.length) * headDim;
        out.set(data.subarray(from, from + source.length * headDim), to);
      }
    });
    return new ort.Tensor('float32', out, [sources.length, heads, width, headDim]);
  };
  const cache: KvCache = { keys: [], values: [] };
  for (let layer = 0; layer < nLayer; layer++) {
    cache.keys.push(gather((c) => c.keys, layer));
    cache.values.push(gather((c) => c.values, layer));
  }
  return { cache, width };
}
