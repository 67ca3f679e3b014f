/**
 * Bounded memo of pre-token -> token ids. Two generations approximate LRU without touching the map on every hit:
 * new entries go to the young map; when it is full it becomes the old map (the previous old map is dropped),
 * and a hit in the old map is copied back into the young one. Memory stays bounded by 2 x capacity entries.
 */
export class PieceCache<V> {
  private young = new Map<string, V>();
  private old = new Map<string, V>();

  constructor(private readonly generationCapacity: number) {}

  get(key: string): V | undefined {
    const hit = this.young.get(key);
    if (hit !== undefined) return hit;
    const promoted = this.old.get(key);
    if (promoted !== undefined) this.set(key, promoted);
    return promoted;
  }

  set(key: string, value: V): void {
    if (this.young.size >= this.generationCapacity) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(key, value);
  }
}
