import { flattenParams, unflattenParams } from './flat-state';

describe('flat optimizer state', () => {
  it('flattens in the given order and splits back to equal copies', () => {
    const values = new Map([
      ['b', Float32Array.of(3, 4, 5)],
      ['a', Float32Array.of(1, 2)],
    ]);
    const flat = flattenParams(values, ['a', 'b']);
    expect(Array.from(flat)).toEqual([1, 2, 3, 4, 5]);
    const back = unflattenParams(flat, ['a', 'b'], [2, 3]);
    expect(back).toEqual(new Map([['a', Float32Array.of(1, 2)], ['b', Float32Array.of(3, 4, 5)]]));
    flat[0] = 9;
    expect(back.get('a')![0]).toBe(1);
  });
});
