import { PairTable } from './pair-table';
import { PieceCache } from './piece-cache';

describe('PieceCache', () => {
  it('keeps recently used entries and bounds its size to two generations', () => {
    const cache = new PieceCache<number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('c', 3); // a, b move to the old generation
    expect(cache.get('a')).toBe(1); // promoted back into the young generation
    cache.set('d', 4); // young (c, a) becomes old; b is dropped
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe(1);
    expect(cache.get('d')).toBe(4);
  });
});

describe('PairTable', () => {
  it('stores the first value per pair and grows past its initial capacity', () => {
    const table = new PairTable(4);
    for (let i = 0; i < 1000; i++) expect(table.setIfAbsent(i, i * 7 + 1, i)).toBe(true);
    expect(table.setIfAbsent(3, 22, 99)).toBe(false);
    expect(table.size).toBe(1000);
    for (let i = 0; i < 1000; i++) expect(table.get(i, i * 7 + 1)).toBe(i);
    expect(table.get(1, 1)).toBe(-1);
  });
});
