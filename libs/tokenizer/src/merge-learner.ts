import { BASE_VOCAB_BYTE_ORDER } from './byte-unicode';
import { encodeUtf8Into, utf8Length } from './utf8';

export interface LearnedMerges {
  /** tokenBytes[id]: ids 0..255 are single bytes in GPT-2 order, then one token per merge. */
  readonly tokenBytes: Uint8Array[];
  /** merges[i] = [leftId, rightId], producing token id 256 + i. */
  readonly merges: Array<[number, number]>;
}

/**
 * Learns BPE merges from word counts the classic fast way: pair counts are computed once, then each merge
 * updates only the counts of pairs next to the merged occurrences, found through an index from each pair to the
 * words containing it. The best pair comes off a max-heap whose stale entries are discarded or refreshed when
 * popped. Ties go to the pair with the smaller (left, right) ids, so the result depends only on the counts.
 */
export function learnMerges(wordCounts: ReadonlyMap<string, number>, mergeCount: number, minFrequency: number): LearnedMerges {
  const tokenBytes: Uint8Array[] = BASE_VOCAB_BYTE_ORDER.map((b) => Uint8Array.of(b));
  const merges: Array<[number, number]> = [];
  if (mergeCount <= 0) return { tokenBytes, merges };
  const corpus = WordTable.fromCounts(wordCounts);
  const pairs = new PairStats(256 + mergeCount);
  pairs.indexInitialPairs(corpus);
  const queue = new PairQueue(pairs);
  queue.pushAll();

  while (merges.length < mergeCount) {
    const best = queue.popBest();
    if (best < 0 || pairs.count[best] < minFrequency) break;
    const left = pairs.left[best];
    const right = pairs.right[best];
    const merged = 256 + merges.length;
    merges.push([left, right]);
    tokenBytes.push(concat(tokenBytes[left], tokenBytes[right]));
    corpus.applyMerge(pairs, best, merged);
    queue.pushTouched();
  }
  return { tokenBytes, merges };
}

/** Every distinct word of length >= 2 bytes as a run of symbol ids in one flat array. */
class WordTable {
  private mergeStamp = 0;

  private constructor(
    readonly symbols: Int32Array,
    readonly start: Int32Array,
    readonly length: Int32Array,
    readonly count: Float64Array,
    readonly lastMergeSeen: Int32Array,
  ) {}

  static fromCounts(wordCounts: ReadonlyMap<string, number>): WordTable {
    const byteToId = new Int32Array(256);
    BASE_VOCAB_BYTE_ORDER.forEach((b, id) => (byteToId[b] = id));
    let totalBytes = 0;
    let wordTotal = 0;
    for (const word of wordCounts.keys()) {
      const bytes = utf8Length(word, 0, word.length);
      if (bytes >= 2) {
        totalBytes += bytes;
        wordTotal++;
      }
    }
    const symbols = new Int32Array(totalBytes);
    const start = new Int32Array(wordTotal);
    const length = new Int32Array(wordTotal);
    const count = new Float64Array(wordTotal);
    let scratch = new Uint8Array(256);
    let w = 0;
    let offset = 0;
    for (const [word, occurrences] of wordCounts) {
      if (scratch.length < word.length * 3) scratch = new Uint8Array(word.length * 3);
      const n = encodeUtf8Into(word, 0, word.length, scratch);
      if (n < 2) continue;
      for (let i = 0; i < n; i++) symbols[offset + i] = byteToId[scratch[i]];
      start[w] = offset;
      length[w] = n;
      count[w] = occurrences;
      offset += n;
      w++;
    }
    return new WordTable(symbols, start, length, count, new Int32Array(wordTotal));
  }

  /**
   * Replaces every occurrence of the pair (left to right, non-overlapping) in the words that contain it. For each
   * occurrence the pairs it formed with its neighbours lose the word's count and the pairs the merged token now
   * forms gain it; a left neighbour that was merged a moment ago is already the new token, which keeps runs like
   * "aaaa" -> "AA" right.
   */
  applyMerge(pairs: PairStats, pair: number, merged: number): void {
    const a = pairs.left[pair];
    const b = pairs.right[pair];
    const words = pairs.takeWords(pair);
    const stamp = ++this.mergeStamp;
    const symbols = this.symbols;
    for (let k = 0; k < words.length; k++) {
      const w = words[k];
      if (this.lastMergeSeen[w] === stamp) continue;
      this.lastMergeSeen[w] = stamp;
      const s = this.start[w];
      const end = s + this.length[w];
      const c = this.count[w];
      let out = s;
      let i = s;
      while (i < end) {
        if (i + 1 < end && symbols[i] === a && symbols[i + 1] === b) {
          if (out > s) {
            const x = symbols[out - 1];
            pairs.add(x, a, -c, w);
            pairs.add(x, merged, c, w);
          }
          if (i + 2 < end) {
            const y = symbols[i + 2];
            pairs.add(b, y, -c, w);
            pairs.add(merged, y, c, w);
          }
          symbols[out++] = merged;
          i += 2;
        } else {
          symbols[out++] = symbols[i++];
        }
      }
      this.length[w] = out - s;
    }
    pairs.count[pair] = 0;
  }
}

/**
 * Dense per-pair statistics: ids, count, and the words the pair has occurred in (possibly stale).
 *
 * Word lists are the bulk of training memory, so they are stored in two ways. Pairs present before the first
 * merge keep their words in one compressed block (an Int32Array, filled in two passes). A merge can only create
 * pairs that contain the token it just made, so every pair that gains a word later is a new pair, and new pairs
 * get small growable lists.
 */
class PairStats {
  private readonly indexOfKey = new Map<number, number>();
  left = new Int32Array(1024);
  right = new Int32Array(1024);
  count = new Float64Array(1024);
  size = 0;
  private initialPairCount = 0;
  private initialized = false;
  private initialStart = new Int32Array(1);
  private initialWords = new Int32Array(0);
  private laterWords: number[][] = [];
  /** Pairs whose count went up in the current merge step, each listed once. */
  private touched: number[] = [];
  private touchedInStep = new Int32Array(1024);
  private step = 1;

  constructor(private readonly idBound: number) {}

  indexInitialPairs(table: WordTable): void {
    const { symbols, start, length, count } = table;
    const lastWord: number[] = [];
    const wordsPerPair: number[] = [];
    for (let w = 0; w < start.length; w++) {
      for (let i = start[w]; i + 1 < start[w] + length[w]; i++) {
        const pair = this.indexOf(symbols[i], symbols[i + 1]);
        this.count[pair] += count[w];
        if (lastWord[pair] !== w) {
          lastWord[pair] = w;
          wordsPerPair[pair] = (wordsPerPair[pair] ?? 0) + 1;
        }
      }
    }
    this.initialPairCount = this.size;
    this.initialStart = new Int32Array(this.size + 1);
    for (let pair = 0; pair < this.size; pair++) this.initialStart[pair + 1] = this.initialStart[pair] + wordsPerPair[pair];
    this.initialWords = new Int32Array(this.initialStart[this.size]);
    const fill = this.initialStart.slice(0, this.size);
    lastWord.fill(-1);
    for (let w = 0; w < start.length; w++) {
      for (let i = start[w]; i + 1 < start[w] + length[w]; i++) {
        const pair = this.indexOf(symbols[i], symbols[i + 1]);
        if (lastWord[pair] !== w) {
          lastWord[pair] = w;
          this.initialWords[fill[pair]++] = w;
        }
      }
    }
    this.initialized = true;
  }

  /** Changes a pair's count by delta because of word; only pairs created in the current step gain words. */
  add(a: number, b: number, delta: number, word: number): void {
    const pair = this.indexOf(a, b);
    this.count[pair] += delta;
    if (delta > 0) {
      const list = this.laterWords[pair - this.initialPairCount];
      if (list.length === 0 || list[list.length - 1] !== word) list.push(word);
      if (this.touchedInStep[pair] !== this.step) {
        this.touchedInStep[pair] = this.step;
        this.touched.push(pair);
      }
    } else if (this.count[pair] === 0 && pair >= this.initialPairCount) {
      // The pair no longer occurs anywhere; its word list can only point at stale words.
      this.laterWords[pair - this.initialPairCount] = [];
    }
  }

  /** The words that may contain the pair (each possibly more than once), handed over for its merge. */
  takeWords(pair: number): ArrayLike<number> {
    if (pair < this.initialPairCount) return this.initialWords.subarray(this.initialStart[pair], this.initialStart[pair + 1]);
    const list = this.laterWords[pair - this.initialPairCount];
    this.laterWords[pair - this.initialPairCount] = [];
    return list;
  }

  takeTouched(): number[] {
    const touched = this.touched;
    this.touched = [];
    this.step++;
    return touched;
  }

  private indexOf(a: number, b: number): number {
    const key = a * this.idBound + b;
    let pair = this.indexOfKey.get(key);
    if (pair === undefined) {
      pair = this.create(a, b);
      this.indexOfKey.set(key, pair);
    }
    return pair;
  }

  private create(a: number, b: number): number {
    if (this.size === this.left.length) {
      this.left = grow(this.left, new Int32Array(this.size * 2));
      this.right = grow(this.right, new Int32Array(this.size * 2));
      this.count = grow(this.count, new Float64Array(this.size * 2));
      this.touchedInStep = grow(this.touchedInStep, new Int32Array(this.size * 2));
    }
    const pair = this.size++;
    this.left[pair] = a;
    this.right[pair] = b;
    if (this.initialized) this.laterWords.push([]);
    return pair;
  }
}

/**
 * Max-heap of pair indices by (count desc, left asc, right asc) with lazy invalidation. Each pair has at most
 * one live entry, the one whose count is recorded in queuedCount; other entries of the pair are orphans and are
 * dropped when they surface. A pair whose count rose gets a new live entry; one whose count fell keeps its
 * too-high entry until it surfaces and is re-queued at its real count.
 */
class PairQueue {
  private heapPair = new Int32Array(1024);
  private heapCount = new Float64Array(1024);
  private queuedCount = new Float64Array(1024);
  private size = 0;

  constructor(private readonly pairs: PairStats) {}

  pushAll(): void {
    for (let pair = 0; pair < this.pairs.size; pair++) if (this.pairs.count[pair] > 0) this.push(pair);
  }

  pushTouched(): void {
    const count = this.pairs.count;
    if (this.queuedCount.length < count.length) this.queuedCount = grow(this.queuedCount, new Float64Array(count.length));
    for (const pair of this.pairs.takeTouched()) if (count[pair] > this.queuedCount[pair]) this.push(pair);
  }

  /** The pair with the highest current count, or -1 when none is left. */
  popBest(): number {
    const count = this.pairs.count;
    while (this.size > 0) {
      const pair = this.heapPair[0];
      const entryCount = this.heapCount[0];
      this.removeTop();
      if (entryCount !== this.queuedCount[pair]) continue;
      if (count[pair] === entryCount) {
        this.queuedCount[pair] = 0;
        return pair;
      }
      if (count[pair] > 0) this.push(pair);
      else this.queuedCount[pair] = 0;
    }
    return -1;
  }

  private before(countA: number, pairA: number, countB: number, pairB: number): boolean {
    if (countA !== countB) return countA > countB;
    const { left, right } = this.pairs;
    if (left[pairA] !== left[pairB]) return left[pairA] < left[pairB];
    return right[pairA] < right[pairB];
  }

  private push(pair: number): void {
    if (this.size === this.heapPair.length) {
      this.heapPair = grow(this.heapPair, new Int32Array(this.size * 2));
      this.heapCount = grow(this.heapCount, new Float64Array(this.size * 2));
    }
    const pairCount = this.pairs.count[pair];
    if (this.queuedCount.length <= pair) this.queuedCount = grow(this.queuedCount, new Float64Array(this.pairs.count.length));
    this.queuedCount[pair] = pairCount;
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(pairCount, pair, this.heapCount[parent], this.heapPair[parent])) break;
      this.heapPair[i] = this.heapPair[parent];
      this.heapCount[i] = this.heapCount[parent];
      i = parent;
    }
    this.heapPair[i] = pair;
    this.heapCount[i] = pairCount;
  }

  private removeTop(): void {
    const last = --this.size;
    const pair = this.heapPair[last];
    const pairCount = this.heapCount[last];
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= last) break;
      if (child + 1 < last && this.before(this.heapCount[child + 1], this.heapPair[child + 1], this.heapCount[child], this.heapPair[child])) child++;
      if (!this.before(this.heapCount[child], this.heapPair[child], pairCount, pair)) break;
      this.heapPair[i] = this.heapPair[child];
      this.heapCount[i] = this.heapCount[child];
      i = child;
    }
    this.heapPair[i] = pair;
    this.heapCount[i] = pairCount;
  }
}

function grow<T extends Int32Array | Float64Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
