import * as ort from 'onnxruntime-node';
import { KvCache } from '../session/kv-cache';
import { DecodeCache } from './decode-cache';

/**
 * One change to a BatchedDecoder's cache, as the copy where the model runs replays it. Copies name their source by
 * role: the cache itself, the previous run's past input (a prefill's cached prefixes) or its outputs (new keys and
 * values), which that copy keeps until the next run.
 */
export type ReplicaOp =
  | { op: 'relayout'; slots: number; capacity: number; rows: { row: number; length: number }[] }
  | { op: 'move'; from: number; to: number; length: number }
  | { op: 'copyPast'; row: number; index: number; length: number }
  | { op: 'copyOutput'; row: number; index: number; width: number; start: number; length: number; at: number }
  | { op: 'append'; columns: number[] };

/** The shape a replica's buffers take, and the graph's names for the cache it feeds and the new keys it gets back. */
export interface ReplicaShape {
  nLayer: number;
  nKvHead: number;
  headDim: number;
  /** Per layer, in order. */
  cacheKeys: string[];
  cacheValues: string[];
  newKeys: string[];
  newValues: string[];
}

/** What a run on a worker thread does with a decoder's replica: changes to replay first, and whether it is the past. */
export interface ReplicaRun {
  id: number;
  shape: ReplicaShape;
  ops: ReplicaOp[];
  /** Set for a decode step: the replica's first `cacheRows` rows are the cache input (not sent, already there). */
  cacheRows?: number;
  /**
   * Set for a decode step: once its result is posted, the model's thread writes the step's new keys and values at
   * these columns (one per row) itself, while the decoder's thread takes the result, rather than before the next run.
   */
  appendAt?: number[];
}

let nextJournal = 1;

/**
 * A decoder's cache changes, queued on the decoder's thread and sent with its next run to the copy of the cache on
 * the model's worker thread (CacheReplica): the cache never crosses, only its changes and each run's new keys.
 */
export class CacheJournal {
  readonly id = nextJournal++;
  private ops: ReplicaOp[] = [];

  constructor(readonly shape: ReplicaShape) {}

  record(op: ReplicaOp): void {
    this.ops.push(op);
  }

  /** The changes since the last run, for this one. */
  take(cacheRows?: number, appendAt?: number[]): ReplicaRun {
    const ops = this.ops;
    this.ops = [];
    return { id: this.id, shape: this.shape, ops, cacheRows, appendAt };
  }
}

/** On the model's worker thread: a DecodeCache kept equal to a decoder's own by replaying its journal. */
export class CacheReplica {
  private cache?: DecodeCache;
  private past?: { keys: Float32Array[]; values: Float32Array[]; width: number };
  private outputs?: { keys: Float32Array[]; values: Float32Array[] };

  constructor(private readonly shape: ReplicaShape) {}

  apply(ops: readonly ReplicaOp[]): void {
    for (const op of ops) {
      if (op.op === 'relayout') this.relayout(op.slots, op.capacity, op.rows);
      else if (op.op === 'move') this.current.copyRow(op.to, this.current.rowSource(op.from, op.length));
      else if (op.op === 'copyPast') {
        const past = this.past as NonNullable<CacheReplica['past']>;
        this.current.copyRow(op.row, { ...past, row: op.index, start: 0, length: op.length });
      } else if (op.op === 'copyOutput') {
        const { keys, values } = this.outputs as NonNullable<CacheReplica['outputs']>;
        this.current.copyRow(op.row, { keys, values, width: op.width, row: op.index, start: op.start, length: op.length }, op.at);
      } else {
        const { keys, values } = this.outputs as NonNullable<CacheReplica['outputs']>;
        this.current.appendColumn(keys, values, op.columns);
      }
    }
  }

  /** Feeds the first `rows` rows as the graph's cache input, under the graph's names: views, not copies. */
  feedCache(feeds: Record<string, ort.Tensor>, rows: number): void {
    const cache = this.current.tensors(rows);
    this.shape.cacheKeys.forEach((name, layer) => (feeds[name] = cache.keys[layer]));
    this.shape.cacheValues.forEach((name, layer) => (feeds[name] = cache.values[layer]));
  }

  /** Keeps a run's past input and new keys and values for the copies its decoder records after it. */
  keep(past: KvCache, newKeys: Float32Array[], newValues: Float32Array[]): void {
    const data = (tensors: ort.Tensor[]) => tensors.map((t) => t.data as Float32Array);
    this.past = { keys: data(past.keys), values: data(past.values), width: past.keys[0]?.dims[2] ?? 0 };
    this.outputs = { keys: newKeys, values: newValues };
  }

  private get current(): DecodeCache {
    if (!this.cache) throw new Error("the decoder's cache is not on this thread (it was lost when the model's thread restarted)");
    return this.cache;
  }

  private relayout(slots: number, capacity: number, rows: readonly { row: number; length: number }[]): void {
    const { nKvHead, headDim, nLayer } = this.shape;
    const next = new DecodeCache(slots, capacity, nKvHead, headDim, nLayer);
    for (const { row, length } of rows) next.copyRow(row, this.current.rowSource(row, length));
    this.cache = next;
  }
}
