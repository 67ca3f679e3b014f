/**
 * An open-addressing hash table from a key of two 32-bit numbers to a 32-bit value, on typed arrays and reused from
 * document to document: counting a document's n-grams in a `Map` keyed by 53-bit numbers spent most of the quality
 * stage hashing and boxing those keys.
 */
export class PairTable {
  private highs = new Int32Array(0);
  private lows = new Int32Array(0);
  private values = new Int32Array(0);
  private used = new Uint8Array(0);
  private mask = 0;

  /** Empties the table, with room for `entries` keys at a load of at most one half. */
  reset(entries: number): void {
    let size = 16;
    while (size < entries * 2) size *= 2;
    if (size > this.used.length) {
      this.highs = new Int32Array(size);
      this.lows = new Int32Array(size);
      this.values = new Int32Array(size);
      this.used = new Uint8Array(size);
    } else this.used.fill(0, 0, size);
    this.mask = size - 1;
  }

  /** The slot holding the key, or the empty slot where it would go (see {@link isSet}). */
  slot(high: number, low: number): number {
    const { highs, lows, used, mask } = this;
    let i = (Math.imul(high ^ Math.imul(low, 0x9e3779b1), 0x85ebca6b) ^ (high >>> 15)) & mask;
    while (used[i] === 1 && (highs[i] !== (high | 0) || lows[i] !== (low | 0))) i = (i + 1) & mask;
    return i;
  }

  isSet(slot: number): boolean {
    return this.used[slot] === 1;
  }

  value(slot: number): number {
    return this.values[slot];
  }

  set(slot: number, high: number, low: number, value: number): void {
    this.used[slot] = 1;
    this.highs[slot] = high;
    this.lows[slot] = low;
    this.values[slot] = value;
  }
}
