import type { PairTable } from './pair-table';

/** Below this many symbols a piece is merged by rescanning an array; above it, by a heap over a linked list. */
const HEAP_MERGE_THRESHOLD = 48;
const POSITION_SCALE = 2 ** 32;

/**
 * The BPE merge loop over token ids, shared by byte-level BPE (symbols start as bytes) and SentencePiece-style BPE
 * (symbols start as characters or byte-fallback tokens): adjacent symbols merge lowest rank first, leftmost on ties,
 * until no adjacent pair has a rank. Callers fill symbols(length) with the initial ids, then call merge(length).
 */
export class MergeTable {
  private scratchIds = new Int32Array(64);
  private scratchRanks = new Float64Array(64);
  private scratchNext = new Int32Array(64);
  private scratchPrev = new Int32Array(64);
  private heap = new Float64Array(64);

  /** pairRanks maps (left, right) to a rank; rankToMergedId[rank] is the token the pair becomes. */
  constructor(
    private readonly pairRanks: PairTable,
    private readonly rankToMergedId: Int32Array,
  ) {}

  /** Scratch space for at least length initial symbols; valid until the next call. */
  symbols(length: number): Int32Array {
    this.ensureScratch(length);
    return this.scratchIds;
  }

  /** Merges symbols()[0, length) in place and returns how many symbols remain at its start. */
  merge(length: number): number {
    return length <= HEAP_MERGE_THRESHOLD ? this.mergeByScanning(length) : this.mergeWithHeap(length);
  }

  /** The token a pair merges into at rank, as given to the constructor. */
  mergedId(rank: number): number {
    return this.rankToMergedId[rank];
  }

  pairRank(left: number, right: number): number {
    const rank = this.pairRanks.get(left, right);
    return rank < 0 ? Infinity : rank;
  }

  /**
   * Short pieces: keep the rank of every adjacent pair in an array and repeatedly merge the lowest (leftmost on
   * ties), as tiktoken does. Quadratic, but for a few dozen symbols cheaper than maintaining a heap.
   */
  private mergeByScanning(length: number): number {
    const ids = this.scratchIds;
    const ranks = this.scratchRanks;
    let count = length;
    for (let i = 0; i < count - 1; i++) ranks[i] = this.pairRank(ids[i], ids[i + 1]);
    for (;;) {
      let best = -1;
      let bestRank = Infinity;
      for (let i = 0; i < count - 1; i++) {
        if (ranks[i] < bestRank) {
          bestRank = ranks[i];
          best = i;
        }
      }
      if (best < 0) return count;
      ids[best] = this.rankToMergedId[bestRank];
      ids.copyWithin(best + 1, best + 2, count);
      ranks.copyWithin(best, best + 1, count - 1);
      count--;
      if (best < count - 1) ranks[best] = this.pairRank(ids[best], ids[best + 1]);
      if (best > 0) ranks[best - 1] = this.pairRank(ids[best - 1], ids[best]);
    }
  }

  /**
   * Long pieces (runs of digits, base64, CJK text without spaces): symbols form a linked list and candidate
   * merges wait in a binary heap keyed by rank then position, so each merge costs O(log n) instead of O(n).
   * Heap entries go stale when a neighbour changes; a popped entry is used only if its pair still has that rank.
   */
  private mergeWithHeap(length: number): number {
    const ids = this.scratchIds;
    const next = this.scratchNext;
    const prev = this.scratchPrev;
    let heapSize = 0;
    const push = (position: number): void => {
      const rank = this.pairRank(ids[position], ids[next[position]]);
      if (rank === Infinity) return;
      if (heapSize === this.heap.length) {
        const grown = new Float64Array(heapSize * 2);
        grown.set(this.heap);
        this.heap = grown;
      }
      const heap = this.heap;
      const key = rank * POSITION_SCALE + position;
      let i = heapSize++;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (heap[parent] <= key) break;
        heap[i] = heap[parent];
        i = parent;
      }
      heap[i] = key;
    };
    const pop = (): number => {
      const heap = this.heap;
      const top = heap[0];
      const last = heap[--heapSize];
      let i = 0;
      for (;;) {
        let child = 2 * i + 1;
        if (child >= heapSize) break;
        if (child + 1 < heapSize && heap[child + 1] < heap[child]) child++;
        if (heap[child] >= last) break;
        heap[i] = heap[child];
        i = child;
      }
      heap[i] = last;
      return top;
    };

    for (let i = 0; i < length; i++) {
      next[i] = i + 1 < length ? i + 1 : -1;
      prev[i] = i - 1;
    }
    for (let i = 0; i < length - 1; i++) push(i);
    let count = length;
    while (heapSize > 0) {
      const key = pop();
      const rank = Math.floor(key / POSITION_SCALE);
      const position = key - rank * POSITION_SCALE;
      const right = next[position];
      if (ids[position] < 0 || right < 0 || this.pairRank(ids[position], ids[right]) !== rank) continue;
      ids[position] = this.rankToMergedId[rank];
      ids[right] = -1;
      next[position] = next[right];
      if (next[right] >= 0) prev[next[right]] = position;
      count--;
      if (prev[position] >= 0) push(prev[position]);
      if (next[position] >= 0) push(position);
    }
    let out = 0;
    for (let i = 0; i >= 0; i = next[i]) ids[out++] = ids[i];
    return count;
  }

  private ensureScratch(length: number): void {
    if (this.scratchIds.length >= length) return;
    let size = this.scratchIds.length;
    while (size < length) size *= 2;
    this.scratchIds = new Int32Array(size);
    this.scratchRanks = new Float64Array(size);
    this.scratchNext = new Int32Array(size);
    this.scratchPrev = new Int32Array(size);
  }
}
