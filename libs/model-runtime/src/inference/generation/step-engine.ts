import { GptConfig, headDim } from '../../model/config';
import { SpecialTokenIds } from '../model-directory/hf-config';
import { InferenceModel } from '../session/inference-model';
import { DecodeCache } from './decode-cache';

/** Whole prompts, left-padded to `seq`, run with no cache. */
export interface PrefillRun {
  batch: number;
  seq: number;
  inputIds: BigInt64Array;
  attentionMask: BigInt64Array;
  positionIds: BigInt64Array;
}

/** Where a prefilled prompt's keys and values go: its `length` columns from `start` of run row `index`, into cache row `row`. */
export interface RowPlacement {
  index: number;
  row: number;
  start: number;
  length: number;
}

/** One new token for each of the cache's first `batch` rows; each row's new key and value go to its `columns` entry. */
export interface DecodeRun {
  batch: number;
  inputIds: BigInt64Array;
  /** [batch, capacity + 1] */
  attentionMask: BigInt64Array;
  positionIds: BigInt64Array;
  columns: number[];
}

/** A live cache row and how many columns of it are filled. */
export interface RowExtent {
  row: number;
  length: number;
}

/**
 * One BatchedDecoder's key/value cache and the graph runs that read and extend it. The decoder makes one call at a
 * time, in order; a row layout change (relayout, moveRow) takes effect before the next run.
 */
export interface EngineCache {
  /** Rows and columns of the current cache; 0 and 0 before the first relayout. */
  readonly slots: number;
  readonly capacity: number;
  /** A cache of `slots` rows by `capacity` columns holding the given rows' filled columns, at the same rows. */
  relayout(slots: number, capacity: number, rows: RowExtent[]): void;
  /** Copies `length` columns of row `from` into row `to`. */
  moveRow(from: number, to: number, length: number): void;
  /** Runs the prompts and copies each into its cache row; returns the last positions' logits [batch, vocab]. */
  prefill(run: PrefillRun, placements: RowPlacement[]): Promise<Float32Array>;
  /** Runs one step over the first rows, writes their new keys and values; returns the logits [batch, vocab]. */
  step(run: DecodeRun): Promise<Float32Array>;
  /** The decoder is done with it. */
  release(): void;
}

/** Where BatchedDecoders keep their caches and run the decoder-step graph. */
export interface StepEngine {
  readonly config: GptConfig;
  readonly tokens: SpecialTokenIds;
  createCache(): EngineCache;
}

/** A cache in this thread's memory, run by this thread's session (each run blocks the thread while it lasts). */
export class LocalEngineCache implements EngineCache {
  private cache?: DecodeCache;

  constructor(private readonly model: InferenceModel) {}

  get slots(): number {
    return this.cache?.slots ?? 0;
  }

  get capacity(): number {
    return this.cache?.capacity ?? 0;
  }

  relayout(slots: number, capacity: number, rows: RowExtent[]): void {
    const { config } = this.model;
    const next = new DecodeCache(slots, capacity, config.nHead, headDim(config), config.nLayer);
    for (const { row, length } of rows) next.copyRow(row, (this.cache as DecodeCache).rowSource(row, length));
    this.cache = next;
  }

  moveRow(from: number, to: number, length: number): void {
    const cache = this.cache as DecodeCache;
    cache.copyRow(to, cache.rowSource(from, length));
  }

  async prefill(run: PrefillRun, placements: RowPlacement[]): Promise<Float32Array> {
    const outputs = await this.model.run({ ...run, cache: this.model.emptyCache(run.batch), logitsToKeep: 1 });
    const cache = this.cache as DecodeCache;
    for (const { index, row, start, length } of placements) {
      cache.copyRow(row, { keys: outputs.newKeys, values: outputs.newValues, width: run.seq, row: index, start, length });
    }
    return outputs.logits;
  }

  async step(run: DecodeRun): Promise<Float32Array> {
    const cache = this.cache as DecodeCache;
    const outputs = await this.model.run({
      batch: run.batch,
      seq: 1,
      inputIds: run.inputIds,
      attentionMask: run.attentionMask,
      positionIds: run.positionIds,
      cache: cache.tensors(run.batch),
      logitsToKeep: 1,
    });
    cache.appendColumn(outputs.newKeys, outputs.newValues, run.columns);
    return outputs.logits;
  }

  release(): void {
    this.cache = undefined;
  }
}

/** The model's session on this thread: the engine a BatchedDecoder gets from an InferenceModel. */
export class LocalStepEngine implements StepEngine {
  constructor(private readonly model: InferenceModel) {}

  get config(): GptConfig {
    return this.model.config;
  }

  get tokens(): SpecialTokenIds {
    return this.model.tokens;
  }

  createCache(): EngineCache {
    return new LocalEngineCache(this.model);
  }
}
