import * as ort from 'onnxruntime-node';
import { KvCache } from '../session/kv-cache';

/**
 * Where one sequence's cached keys and values are: `length` columns from `start` in row `row` of
 * per-layer buffers laid out [rows, heads, width, headDim] (a DecodeCache, or a prefill's outputs).
 */
export interface CacheRows {
  keys: Float32Array[];
  values: Float32Array[];
  width: number;
  row: number;
  start: number;
  length: number;
}

/**
 * The key/value cache the decoder-step graph reads: per layer one buffer of `slots` rows
 * [slots, heads, capacity, headDim], each row holding one sequence's positions from column 0 (unused
 * columns are masked). A step reads the first `rows` rows in place (`tensors(rows)` views them, no
 * copy) and its new keys and values are written into one column per row. Sequences join by copying
 * their own rows in and leave by having the last row moved into their slot, so only capacity growth
 * (a new, larger DecodeCache) copies every row.
 */
export class DecodeCache {
  readonly keys: Float32Array[];
  readonly values: Float32Array[];
  private readonly rowSize: number;

  constructor(
    readonly slots: number,
    readonly capacity: number,
    private readonly heads: number,
    private readonly headDim: number,
    nLayer: number,
  ) {
    this.rowSize = heads * capacity * headDim;
    const size = slots * this.rowSize;
    this.keys = Array.from({ length: nLayer }, () => new Float32Array(size));
    this.values = Array.from({ length: nLayer }, () => new Float32Array(size));
  }

  /** The first `rows` rows as the graph's cache inputs [rows, heads, capacity, headDim]: views, not copies. */
  tensors(rows: number): KvCache {
    const dims = [rows, this.heads, this.capacity, this.headDim];
    const view = (data: Float32Array) => new ort.Tensor('float32', data.subarray(0, rows * this.rowSize), dims);
    return { keys: this.keys.map(view), values: this.values.map(view) };
  }

  rowSource(row: number, length: number): CacheRows {
    return { keys: this.keys, values: this.values, width: this.capacity, row, start: 0, length };
  }

  /** Copies a sequence's cached columns into row `row`, from column `at` (0: the whole row). */
  copyRow(row: number, source: CacheRows, at = 0): void {
    const span = source.length * this.headDim;
    for (let layer = 0; layer < this.keys.length; layer++) {
      for (let head = 0; head < this.heads; head++) {
        const from = ((source.row * this.heads + head) * source.width + source.start) * this.headDim;
        const to = ((row * this.heads + head) * this.capacity + at) * this.headDim;
        this.keys[layer].set(source.keys[layer].subarray(from, from + span), to);
        this.values[layer].set(source.values[layer].subarray(from, from + span), to);
      }
    }
  }

  /** Writes a one-token step's new keys and values ([rows, heads, 1, headDim] per layer) at columns[row]. */
  appendColumn(newKeys: Float32Array[], newValues: Float32Array[], columns: readonly number[]): void {
    const hd = this.headDim;
    for (let layer = 0; layer < this.keys.length; layer++) {
      for (let row = 0; row < columns.length; row++) {
        for (let head = 0; head < this.heads; head++) {
          const from = (row * this.heads + head) * hd;
          const to = ((row * this.heads + head) * this.capacity + columns[row]) * hd;
          this.keys[layer].set(newKeys[layer].subarray(from, from + hd), to);
          this.values[layer].set(newValues[layer].subarray(from, from + hd), to);
        }
      }
    }
  }
}
