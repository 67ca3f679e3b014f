/**
 * An open-addressing hash table from a key of two 32-bit numbers to a 32-bit value, on typed arrays: counting a
 * document's n-grams in a `Map` keyed by 53-bit numbers spent most of the quality stage hashing and boxing those keys.
 * Reused from document to document ({@link reset}); it doubles when half full, so it also serves as a growing index.
 */
export class PairTable {
  private highs = new Int32Array(0);
  private lows = new Int32Array(0);
  private values = new Int32Array(0);
  private used = new Uint8Array(0);
  private mask = 0;
  private count = 0;

  constructor(entries = 0) {
    this.reset(entries);
  }

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
    this.count = 0;
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

  /** Sets the value in a slot {@link slot} returned for this key (a slot is valid until the next `set`). */
  set(slot: number, high: number, low: number, value: number): void {
    if (this.used[slot] === 0) this.count++;
    this.used[slot] = 1;
    this.highs[slot] = high;
    this.lows[slot] = low;
    this.values[slot] = value;
    if (this.count * 2 > this.mask + 1) this.grow();
  }

  private grow(): void {
    const { highs, lows, values, used, mask } = this;
    const size = (mask + 1) * 2;
    this.highs = new Int32Array(size);
    this.lows = new Int32Array(size);
    this.values = new Int32Array(size);
    this.used = new Uint8Array(size);
    this.mask = size - 1;
    for (let i = 0; i <= mask; i++) {
      if (used[i] === 0) continue;
      const slot = this.slot(highs[i], lows[i]);
      this.used[slot] = 1;
      this.highs[slot] = highs[i];
      this.lows[slot] = lows[i];
      this.values[slot] = values[i];
    }
  }
}
