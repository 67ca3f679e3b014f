import { PairTable } from './pair-table';
import { PieceCache } from './piece-cache';
import { hashRange, PieceTable } from './piece-table';

const lookup = <V>(cache: { get(text: string, start: number, end: number, hash: number): V | undefined }, key: string) =>
  cache.get(`<${key}>`, 1, key.length + 1, hashRange(key, 0, key.length));

describe('PieceTable', () => {
  it('finds keys by a range of another string and grows past its initial capacity', () => {
    const table = new PieceTable<number>(2);
    for (let i = 0; i < 1000; i++) table.set(`w${i}`, hashRange(`w${i}`, 0, `w${i}`.length), i);
    expect(table.size).toBe(1000);
    for (let i = 0; i < 1000; i++) expect(lookup(table, `w${i}`)).toBe(i);
    expect(lookup(table, 'w1000')).toBeUndefined();
    expect(lookup(table, 'w')).toBeUndefined();
  });
});

describe('PieceCache', () => {
  it('keeps recently used entries and bounds its size to two generations', () => {
    const cache = new PieceCache<number>(2);
    const set = (key: string, value: number) => cache.set(key, hashRange(key, 0, key.length), value);
    set('a', 1);
    set('b', 2);
    set('c', 3); // a, b move to the old generation
    expect(lookup(cache, 'a')).toBe(1); // promoted back into the young generation
    set('d', 4); // young (c, a) becomes old; b is dropped
    expect(lookup(cache, 'b')).toBeUndefined();
    expect(lookup(cache, 'a')).toBe(1);
    expect(lookup(cache, 'd')).toBe(4);
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
