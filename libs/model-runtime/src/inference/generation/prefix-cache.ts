import { createHash } from 'node:crypto';
import { InvalidInputError } from '../../errors';
import { DecoderShape } from '../../model/decoder-model';
import { ResidentAdapter } from '../session/resident-adapter';
import { CacheRows } from './decode-cache';

export interface PrefixCacheOptions {
  /** Tokens per cached block: prefixes are reused in whole blocks. */
  blockTokens: number;
  /** Bytes of keys and values the cache may hold; least recently used blocks go first past it. */
  budgetBytes: number;
}

/** One block's keys and values: per layer, [heads, blockTokens, headDim] keys then values. */
interface CachedBlock {
  data: Float32Array;
}

/** The cached start of a prompt: its blocks in order, covering `tokens` positions (a whole number of blocks). */
export interface PrefixMatch {
  blocks: readonly CachedBlock[];
  tokens: number;
}

/** Counters for metrics: what the cache holds and what it saved. */
export interface PrefixCacheStats {
  blocks: number;
  bytes: number;
  /** Prompt tokens whose keys and values came from the cache instead of a model run. */
  hitTokens: number;
  /** Prompt tokens looked up that had to be computed. */
  missTokens: number;
}

/**
 * Evicted blocks' buffers kept for the next inserts, at most this many: a cache at its budget then stores a finished
 * sequence's blocks without allocating (every step of a busy server finishes some), rather than leaving the garbage
 * collector a block-sized buffer per evicted block.
 */
const MAX_SPARE_BLOCKS = 64;

/** Adapters get a namespace each by identity: a reloaded adapter (new weights, new object) shares nothing. */
const adapterNamespaces = new WeakMap<ResidentAdapter, number>();
let nextNamespace = 1;
function namespaceOf(adapter: ResidentAdapter | undefined): number {
  if (!adapter) return 0;
  let namespace = adapterNamespaces.get(adapter);
  if (namespace === undefined) adapterNamespaces.set(adapter, (namespace = nextNamespace++));
  return namespace;
}

/**
 * Automatic prefix caching (vLLM's design) for one model: prompts are cut into fixed-size token blocks, each keyed
 * by a hash chain over its adapter's namespace, every block before it and its own tokens, so a key names a block's
 * whole prefix and equal keys mean equal keys/values. A request whose prompt starts with cached blocks copies their
 * keys and values instead of computing them. Blocks live in one LRU map (a Map's insertion order) bounded in bytes;
 * a lookup or insert touches a chain deepest block first, so a prefix stays more recent than its continuations and
 * is evicted after them.
 */
export class PrefixCache {
  private readonly blocks = new Map<string, CachedBlock>();
  /**
   * A prompt's chain keys by its array, for the scheduler's look, the prefill's lookup and its insert of the same
   * prompt: hashed once, not three times (a 128k-token prompt is 8k hashes). A submitted prompt is never changed.
   */
  private readonly chains = new WeakMap<readonly number[], { namespace: number; keys: string[] }>();
  private readonly blockBytes: number;
  private spare: Float32Array[] = [];
  private hitTokens = 0;
  private missTokens = 0;

  constructor(
    private readonly shape: Pick<DecoderShape, 'nLayer' | 'nKvHead' | 'headDim'>,
    readonly options: PrefixCacheOptions,
  ) {
    if (!Number.isInteger(options.blockTokens) || options.blockTokens < 1) throw new InvalidInputError('prefix cache blockTokens must be a positive integer');
    if (!(options.budgetBytes >= 0)) throw new InvalidInputError('prefix cache budgetBytes must be 0 or more');
    this.blockBytes = 2 * shape.nLayer * shape.nKvHead * options.blockTokens * shape.headDim * Float32Array.BYTES_PER_ELEMENT;
  }

  get stats(): PrefixCacheStats {
    return { blocks: this.blocks.size, bytes: this.blocks.size * this.blockBytes, hitTokens: this.hitTokens, missTokens: this.missTokens };
  }

  /**
   * The longest cached run of whole blocks `tokens` starts with, leaving at least one token uncached (its logits
   * are what a prefill is for).
   */
  lookup(tokens: readonly number[], adapter?: ResidentAdapter): PrefixMatch {
    const usable = Math.floor((tokens.length - 1) / this.options.blockTokens);
    const keys = this.chainKeys(tokens, adapter, usable);
    const found: CachedBlock[] = [];
    for (const key of keys) {
      const block = this.blocks.get(key);
      if (!block) break;
      found.push(block);
    }
    this.touch(keys.slice(0, found.length));
    const cached = found.length * this.options.blockTokens;
    this.hitTokens += cached;
    this.missTokens += tokens.length - cached;
    return { blocks: found, tokens: cached };
  }

  /** How many of `tokens`' first positions lookup() would find cached now; touches nothing, counts nothing. */
  cachedLength(tokens: readonly number[], adapter?: ResidentAdapter): number {
    const keys = this.chainKeys(tokens, adapter, Math.floor((tokens.length - 1) / this.options.blockTokens));
    const found = keys.findIndex((key) => !this.blocks.has(key));
    return (found < 0 ? keys.length : found) * this.options.blockTokens;
  }

  /**
   * Copies a matched prefix's columns into `target` (a [rows, heads, width, headDim] buffer per layer) at `row`. Copy a
   * match before the next insert: an insert may reuse the buffers of the blocks it evicts.
   */
  copyInto(match: PrefixMatch, target: { keys: Float32Array[]; values: Float32Array[]; width: number }, row: number): void {
    const { nLayer, nKvHead, headDim } = this.shape;
    const span = this.options.blockTokens * headDim;
    match.blocks.forEach((block, index) => {
      for (let layer = 0; layer < nLayer; layer++) {
        for (let head = 0; head < nKvHead; head++) {
          const from = (layer * 2 * nKvHead + head) * span;
          const to = ((row * nKvHead + head) * target.width + index * this.options.blockTokens) * headDim;
          target.keys[layer].set(block.data.subarray(from, from + span), to);
          target.values[layer].set(block.data.subarray(from + nKvHead * span, from + nKvHead * span + span), to);
        }
      }
    });
  }

  /** Stores every whole block of `tokens` not yet cached, from `source` (which holds their keys and values from column 0). */
  insert(tokens: readonly number[], source: CacheRows, adapter?: ResidentAdapter): void {
    const whole = Math.floor(Math.min(tokens.length, source.length) / this.options.blockTokens);
    if (whole === 0 || this.blockBytes > this.options.budgetBytes) return;
    const keys = this.chainKeys(tokens, adapter, whole);
    keys.forEach((key, index) => {
      if (!this.blocks.has(key)) this.blocks.set(key, { data: this.blockFrom(source, index) });
    });
    this.touch(keys);
    while (this.blocks.size * this.blockBytes > this.options.budgetBytes) {
      const [key, evicted] = this.blocks.entries().next().value as [string, CachedBlock];
      this.blocks.delete(key);
      if (this.spare.length < MAX_SPARE_BLOCKS) this.spare.push(evicted.data);
    }
  }

  clear(): void {
    this.blocks.clear();
    this.spare = [];
  }

  /** Moves blocks to the most recent end, deepest first, so each prefix ends up more recent than what follows it. */
  private touch(keys: readonly string[]): void {
    for (let i = keys.length - 1; i >= 0; i--) {
      const block = this.blocks.get(keys[i]);
      if (!block) continue;
      this.blocks.delete(keys[i]);
      this.blocks.set(keys[i], block);
    }
  }

  private chainKeys(tokens: readonly number[], adapter: ResidentAdapter | undefined, count: number): string[] {
    const namespace = namespaceOf(adapter);
    const known = this.chains.get(tokens);
    if (known && known.namespace === namespace && known.keys.length >= count) return known.keys.slice(0, count);
    const size = this.options.blockTokens;
    const keys: string[] = [];
    let parent = `adapter:${namespace}`;
    for (let block = 0; block < count; block++) {
      const ids = Int32Array.from(tokens.slice(block * size, (block + 1) * size));
      parent = createHash('sha256').update(parent).update(Buffer.from(ids.buffer)).digest('base64');
      keys.push(parent);
    }
    this.chains.set(tokens, { namespace, keys });
    return keys;
  }

  private blockFrom(source: CacheRows, index: number): Float32Array {
    const { nLayer, nKvHead, headDim } = this.shape;
    const span = this.options.blockTokens * headDim;
    // Every element is written below, so a spare buffer needs no clearing.
    const data = this.spare.pop() ?? new Float32Array(2 * nLayer * nKvHead * span);
    for (let layer = 0; layer < nLayer; layer++) {
      for (let head = 0; head < nKvHead; head++) {
        const from = ((source.row * nKvHead + head) * source.width + source.start + index * this.options.blockTokens) * headDim;
        const to = (layer * 2 * nKvHead + head) * span;
        data.set(source.keys[layer].subarray(from, from + span), to);
        data.set(source.values[layer].subarray(from, from + span), to + nKvHead * span);
      }
    }
    return data;
  }
}
