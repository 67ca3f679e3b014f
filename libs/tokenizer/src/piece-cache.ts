import { PieceTable } from './piece-table';

/**
 * Bounded memo of pre-token -> token ids. Two generations approximate LRU without bookkeeping on every hit:
 * new entries go to the young table; when it is full it becomes the old table (the previous old one is dropped),
 * and a hit in the old table is copied back into the young one. Memory stays bounded by 2 x capacity entries.
 */
export class PieceCache<V> {
  private young: PieceTable<V>;
  private old: PieceTable<V>;

  constructor(private readonly generationCapacity: number) {
    this.young = new PieceTable<V>(generationCapacity);
    this.old = new PieceTable<V>(0);
  }

  /** The value cached for text[start, end), whose hashRange is hash. */
  get(text: string, start: number, end: number, hash: number): V | undefined {
    const hit = this.young.get(text, start, end, hash);
    if (hit !== undefined) return hit;
    const promoted = this.old.get(text, start, end, hash);
    if (promoted !== undefined) this.set(text.slice(start, end), hash, promoted);
    return promoted;
  }

  set(key: string, hash: number, value: V): void {
    if (this.young.size >= this.generationCapacity) {
      this.old = this.young;
      this.young = new PieceTable<V>(this.generationCapacity);
    }
    this.young.set(key, hash, value);
  }
}
