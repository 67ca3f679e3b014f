import { bytesToTokenString } from './byte-unicode';
import { TokenizerFormatError } from './errors';
import { PairTable } from './pair-table';

/** Below this many bytes a piece is merged by rescanning an array; above it, by a heap over a linked list. */
const HEAP_MERGE_THRESHOLD = 48;
const POSITION_SCALE = 2 ** 32;

/**
 * The BPE model proper: byte sequences of the vocabulary and the merge priorities between adjacent tokens.
 *
 * Two flavours share one merge loop:
 * - "merges": an explicit ordered merge list (Hugging Face tokenizer.json, and what trainBpe learns). Only
 *   listed pairs merge; the priority is the merge's position in the list.
 * - "ranks": tiktoken's mergeable ranks. Any two adjacent tokens whose concatenation is a token merge, the one
 *   with the lowest rank first, and a piece that is itself a token is that token (tiktoken's shortcut).
 */
export class BpeModel {
  /** tokenBytes[id] is the byte sequence of token id (undefined for ids that are not ordinary tokens). */
  readonly tokenBytes: ReadonlyArray<Uint8Array | undefined>;
  readonly byteToId: Int32Array;
  /** Token id of each byte-level token string (Hugging Face vocabulary keys). */
  readonly idOfTokenString: ReadonlyMap<string, number>;
  /** Pieces (as text) that encode to a single token without merging; only filled for tiktoken-style ranks. */
  readonly wholePieceIds: ReadonlyMap<string, number> | null;
  private readonly pairRanks: PairTable;
  private readonly rankToMergedId: Int32Array;
  private readonly mergeList: Int32Array | null;

  private scratchIds = new Int32Array(64);
  private scratchRanks = new Float64Array(64);
  private scratchNext = new Int32Array(64);
  private scratchPrev = new Int32Array(64);
  private heap = new Float64Array(64);

  private constructor(
    tokenBytes: ReadonlyArray<Uint8Array | undefined>,
    idOfTokenString: Map<string, number>,
    pairRanks: PairTable,
    rankToMergedId: Int32Array,
    mergeList: Int32Array | null,
    wholePieceIds: Map<string, number> | null,
  ) {
    this.tokenBytes = tokenBytes;
    this.idOfTokenString = idOfTokenString;
    this.pairRanks = pairRanks;
    this.rankToMergedId = rankToMergedId;
    this.mergeList = mergeList;
    this.wholePieceIds = wholePieceIds;
    this.byteToId = new Int32Array(256).fill(-1);
    tokenBytes.forEach((bytes, id) => {
      if (bytes !== undefined && bytes.length === 1) this.byteToId[bytes[0]] = id;
    });
    const missing = this.byteToId.indexOf(-1);
    if (missing >= 0) throw new TokenizerFormatError(`vocabulary has no token for byte 0x${missing.toString(16).padStart(2, '0')}; byte-level BPE needs all 256`);
  }

  /**
   * A model from an ordered merge list; merges[i] = [leftId, rightId] is applied with priority i. With
   * ignoreMerges (Hugging Face's ignore_merges) a piece that is itself a token skips merging.
   */
  static fromMerges(tokenBytes: ReadonlyArray<Uint8Array | undefined>, merges: ReadonlyArray<readonly [number, number]>, ignoreMerges = false): BpeModel {
    const idOfTokenString = indexTokenStrings(tokenBytes);
    const pairRanks = new PairTable(merges.length);
    const rankToMergedId = new Int32Array(merges.length);
    const mergeList = new Int32Array(merges.length * 2);
    merges.forEach(([left, right], rank) => {
      const leftBytes = tokenBytes[left];
      const rightBytes = tokenBytes[right];
      if (leftBytes === undefined || rightBytes === undefined) throw new TokenizerFormatError(`merge ${rank} refers to token ids ${left} and ${right}, which are not both in the vocabulary`);
      const mergedString = bytesToTokenString(leftBytes) + bytesToTokenString(rightBytes);
      const merged = idOfTokenString.get(mergedString);
      if (merged === undefined) throw new TokenizerFormatError(`merge ${rank} produces ${JSON.stringify(mergedString)}, which is not in the vocabulary`);
      pairRanks.setIfAbsent(left, right, rank);
      rankToMergedId[rank] = merged;
      mergeList[rank * 2] = left;
      mergeList[rank * 2 + 1] = right;
    });
    return new BpeModel(tokenBytes, idOfTokenString, pairRanks, rankToMergedId, mergeList, ignoreMerges ? indexWholePieces(tokenBytes) : null);
  }

  /** A model from tiktoken ranks: tokenBytes[rank] is the token whose id and merge priority are both rank. */
  static fromRanks(tokenBytes: ReadonlyArray<Uint8Array | undefined>): BpeModel {
    const idOfTokenString = indexTokenStrings(tokenBytes);
    const pairRanks = new PairTable(tokenBytes.length * 4);
    const rankToMergedId = new Int32Array(tokenBytes.length);
    tokenBytes.forEach((bytes, rank) => {
      if (bytes === undefined) return;
      rankToMergedId[rank] = rank;
      const tokenString = bytesToTokenString(bytes);
      for (let split = 1; split < bytes.length; split++) {
        const left = idOfTokenString.get(tokenString.slice(0, split));
        const right = idOfTokenString.get(tokenString.slice(split));
        if (left !== undefined && right !== undefined) pairRanks.setIfAbsent(left, right, rank);
      }
    });
    return new BpeModel(tokenBytes, idOfTokenString, pairRanks, rankToMergedId, null, indexWholePieces(tokenBytes));
  }

  /** Whether a piece that is itself a token is encoded as that token without merging. */
  get ignoreMerges(): boolean {
    return this.wholePieceIds !== null;
  }

  /**
   * The ordered merge list as [leftId, rightId] pairs. For a rank-based model it is derived the way Hugging Face
   * converts tiktoken files: each token's merge is the last step of encoding its bytes with lower ranks only.
   */
  merges(): Array<[number, number]> {
    if (this.mergeList !== null) {
      const merges: Array<[number, number]> = [];
      for (let i = 0; i < this.mergeList.length; i += 2) merges.push([this.mergeList[i], this.mergeList[i + 1]]);
      return merges;
    }
    const merges: Array<[number, number]> = [];
    this.tokenBytes.forEach((bytes, rank) => {
      if (bytes === undefined || bytes.length < 2) return;
      const parts = this.mergeWithRanksBelow(bytes, rank);
      if (parts.length !== 2) throw new TokenizerFormatError(`token ${rank} cannot be built from two lower-ranked tokens`);
      merges.push([parts[0], parts[1]]);
    });
    return merges;
  }

  /** Token ids for one piece given as UTF-8 bytes[0, length). */
  encodeBytes(bytes: Uint8Array, length: number): Int32Array {
    if (length === 1) return Int32Array.of(this.byteToId[bytes[0]]);
    this.ensureScratch(length);
    const ids = this.scratchIds;
    for (let i = 0; i < length; i++) ids[i] = this.byteToId[bytes[i]];
    const count = length <= HEAP_MERGE_THRESHOLD ? this.mergeByScanning(length) : this.mergeWithHeap(length);
    return ids.slice(0, count);
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

  private pairRank(left: number, right: number): number {
    const rank = this.pairRanks.get(left, right);
    return rank < 0 ? Infinity : rank;
  }

  /** Encodes bytes using only merges ranked below maxRank (no whole-token shortcut). */
  private mergeWithRanksBelow(bytes: Uint8Array, maxRank: number): number[] {
    const parts = Array.from(bytes, (b) => this.byteToId[b]);
    for (;;) {
      let best = -1;
      let bestRank = maxRank;
      for (let i = 0; i < parts.length - 1; i++) {
        const rank = this.pairRank(parts[i], parts[i + 1]);
        if (rank < bestRank) {
          bestRank = rank;
          best = i;
        }
      }
      if (best < 0) return parts;
      parts.splice(best, 2, this.rankToMergedId[bestRank]);
    }
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

function indexTokenStrings(tokenBytes: ReadonlyArray<Uint8Array | undefined>): Map<string, number> {
  const idOfTokenString = new Map<string, number>();
  tokenBytes.forEach((bytes, id) => {
    if (bytes === undefined) return;
    const tokenString = bytesToTokenString(bytes);
    if (idOfTokenString.has(tokenString)) throw new TokenizerFormatError(`token ${JSON.stringify(tokenString)} appears twice in the vocabulary (ids ${idOfTokenString.get(tokenString)} and ${id})`);
    idOfTokenString.set(tokenString, id);
  });
  return idOfTokenString;
}

function indexWholePieces(tokenBytes: ReadonlyArray<Uint8Array | undefined>): Map<string, number> {
  const wholePieceIds = new Map<string, number>();
  const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  tokenBytes.forEach((bytes, id) => {
    if (bytes === undefined) return;
    try {
      wholePieceIds.set(utf8.decode(bytes), id);
    } catch {
      // A partial UTF-8 sequence is never a whole piece of text, so it needs no shortcut.
    }
  });
  return wholePieceIds;
}
