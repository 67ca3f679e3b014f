/**
 * Hash table keyed by pieces of text, looked up by a range of a larger string instead of by a substring: the
 * encoder finds a piece's ids without allocating the piece, which would otherwise be the main source of garbage
 * (one string per word of input). Keys are compared character by character after a hash match.
 */
export class PieceTable<V> {
  private keys: Array<string | undefined>;
  private hashes: Int32Array;
  private values: Array<V | undefined>;
  private mask: number;
  private count = 0;

  constructor(expectedSize: number) {
    let capacity = 16;
    while (capacity < expectedSize * 2) capacity *= 2;
    this.keys = new Array<string | undefined>(capacity).fill(undefined);
    this.values = new Array<V | undefined>(capacity).fill(undefined);
    this.hashes = new Int32Array(capacity);
    this.mask = capacity - 1;
  }

  static fromMap<V>(entries: ReadonlyMap<string, V>): PieceTable<V> {
    const table = new PieceTable<V>(entries.size);
    for (const [key, value] of entries) table.set(key, hashRange(key, 0, key.length), value);
    return table;
  }

  get size(): number {
    return this.count;
  }

  /** The value stored for text[start, end), whose hashRange is hash. */
  get(text: string, start: number, end: number, hash: number): V | undefined {
    const length = end - start;
    let slot = hash & this.mask;
    for (;;) {
      const key = this.keys[slot];
      if (key === undefined) return undefined;
      if (this.hashes[slot] === hash && key.length === length && sameChars(key, text, start)) return this.values[slot];
      slot = (slot + 1) & this.mask;
    }
  }

  /** Stores value for key (hash = hashRange(key, 0, key.length)), replacing any previous value. */
  set(key: string, hash: number, value: V): void {
    if ((this.count + 1) * 2 > this.keys.length) this.grow();
    let slot = hash & this.mask;
    for (;;) {
      const existing = this.keys[slot];
      if (existing === undefined) {
        this.keys[slot] = key;
        this.hashes[slot] = hash;
        this.values[slot] = value;
        this.count++;
        return;
      }
      if (this.hashes[slot] === hash && existing === key) {
        this.values[slot] = value;
        return;
      }
      slot = (slot + 1) & this.mask;
    }
  }

  private grow(): void {
    const { keys, hashes, values } = this;
    const capacity = keys.length * 2;
    this.keys = new Array<string | undefined>(capacity).fill(undefined);
    this.values = new Array<V | undefined>(capacity).fill(undefined);
    this.hashes = new Int32Array(capacity);
    this.mask = capacity - 1;
    this.count = 0;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      if (key !== undefined) this.set(key, hashes[i], values[i] as V);
    }
  }
}

/** FNV-1a over the UTF-16 code units of text[start, end). */
export function hashRange(text: string, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash | 0;
}

function sameChars(key: string, text: string, start: number): boolean {
  for (let i = 0; i < key.length; i++) if (key.charCodeAt(i) !== text.charCodeAt(start + i)) return false;
  return true;
}
