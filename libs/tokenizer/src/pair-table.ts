/**
 * Open-addressing hash table from a pair of token ids to an integer (the pair's merge rank). A JS Map keyed by
 * a*VOCAB+b would box keys above 2^30 as heap numbers for 50k vocabularies; two Int32Arrays keep lookups
 * allocation-free, which matters because the merge loop does one lookup per adjacent pair.
 */
export class PairTable {
  private lefts: Int32Array;
  private rights: Int32Array;
  private values: Int32Array;
  private mask: number;
  private count = 0;

  constructor(expectedSize = 1024) {
    let capacity = 16;
    while (capacity < expectedSize * 2) capacity *= 2;
    this.lefts = new Int32Array(capacity);
    this.rights = new Int32Array(capacity);
    this.values = new Int32Array(capacity).fill(-1);
    this.mask = capacity - 1;
  }

  get size(): number {
    return this.count;
  }

  /** The value stored for (left, right), or -1. */
  get(left: number, right: number): number {
    const mask = this.mask;
    let slot = (Math.imul(left, 0x9e3779b1) ^ Math.imul(right, 0x85ebca6b)) & mask;
    for (;;) {
      const value = this.values[slot];
      if (value === -1) return -1;
      if (this.lefts[slot] === left && this.rights[slot] === right) return value;
      slot = (slot + 1) & mask;
    }
  }

  /** Stores value (>= 0) for (left, right) unless the pair already has one; returns whether it was stored. */
  setIfAbsent(left: number, right: number, value: number): boolean {
    if ((this.count + 1) * 2 > this.values.length) this.grow();
    const mask = this.mask;
    let slot = (Math.imul(left, 0x9e3779b1) ^ Math.imul(right, 0x85ebca6b)) & mask;
    for (;;) {
      if (this.values[slot] === -1) {
        this.lefts[slot] = left;
        this.rights[slot] = right;
        this.values[slot] = value;
        this.count++;
        return true;
      }
      if (this.lefts[slot] === left && this.rights[slot] === right) return false;
      slot = (slot + 1) & mask;
    }
  }

  private grow(): void {
    const { lefts, rights, values } = this;
    const capacity = values.length * 2;
    this.lefts = new Int32Array(capacity);
    this.rights = new Int32Array(capacity);
    this.values = new Int32Array(capacity).fill(-1);
    this.mask = capacity - 1;
    this.count = 0;
    for (let i = 0; i < values.length; i++) if (values[i] !== -1) this.setIfAbsent(lefts[i], rights[i], values[i]);
  }
}
