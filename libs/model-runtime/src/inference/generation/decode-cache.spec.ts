import { CacheRows, DecodeCache } from './decode-cache';

// 1 layer, 2 heads, headDim 2: value = row·1000 + head·100 + column·10 + component, easy to read back.
const heads = 2;
const headDim = 2;

function rowsOf(rows: number, width: number): CacheRows {
  const data = new Float32Array(rows * heads * width * headDim);
  for (let r = 0; r < rows; r++) {
    for (let h = 0; h < heads; h++) {
      for (let c = 0; c < width; c++) {
        for (let e = 0; e < headDim; e++) {
          data[((r * heads + h) * width + c) * headDim + e] = r * 1000 + h * 100 + c * 10 + e;
        }
      }
    }
  }
  return { keys: [data], values: [data.map((v) => -v)], width, row: 0, start: 0, length: 0 };
}

function column(cache: DecodeCache, row: number, head: number, col: number): number[] {
  const at = ((row * heads + head) * cache.capacity + col) * headDim;
  return Array.from(cache.keys[0].subarray(at, at + headDim));
}

describe('DecodeCache', () => {
  it('copies a left-padded prefill row to column 0 of its cache row', () => {
    const prefill = { ...rowsOf(2, 5), row: 1, start: 3, length: 2 };
    const cache = new DecodeCache(1, 4, heads, headDim, 1);
    cache.copyRow(0, prefill);
    expect(column(cache, 0, 1, 0)).toEqual([1130, 1131]);
    expect(column(cache, 0, 1, 1)).toEqual([1140, 1141]);
    expect(column(cache, 0, 1, 2)).toEqual([0, 0]);
    expect(cache.values[0][0]).toBe(-1030);
    expect(cache.tensors(1).keys[0].dims).toEqual([1, heads, 4, headDim]);
  });

  it('appends each row’s new key and value at that row’s own column', () => {
    const cache = new DecodeCache(2, 3, heads, headDim, 1);
    const step = rowsOf(2, 1); // [rows, heads, 1, headDim]
    cache.appendColumn(step.keys, step.values, [2, 0]);
    expect(column(cache, 0, 1, 2)).toEqual([100, 101]);
    expect(column(cache, 1, 0, 0)).toEqual([1000, 1001]);
    expect(column(cache, 1, 0, 2)).toEqual([0, 0]);
    expect(cache.rowSource(1, 1)).toMatchObject({ row: 1, start: 0, length: 1, width: 3 });
  });

  it('hands the graph its first rows in place, so a write into the cache is what the next run reads', () => {
    const cache = new DecodeCache(4, 3, heads, headDim, 1);
    const [keys] = cache.tensors(2).keys;
    expect(keys.dims).toEqual([2, heads, 3, headDim]);
    cache.appendColumn(rowsOf(2, 1).keys, rowsOf(2, 1).values, [1, 2]);
    expect((keys.data as Float32Array).buffer).toBe(cache.keys[0].buffer);
    expect(Array.from((keys.data as Float32Array).subarray(2, 4))).toEqual([0, 1]);
  });

  it('moves a row into another slot', () => {
    const cache = new DecodeCache(3, 2, heads, headDim, 1);
    cache.appendColumn(rowsOf(3, 1).keys, rowsOf(3, 1).values, [0, 0, 0]);
    cache.copyRow(0, cache.rowSource(2, 1));
    expect(column(cache, 0, 1, 0)).toEqual([2100, 2101]);
    expect(cache.values[0][(0 * heads + 1) * 2 * headDim]).toBe(-2100);
  });
});
