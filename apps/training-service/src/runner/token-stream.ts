import { TrainingJobError } from './training-job';

const INITIAL_CAPACITY = 1 << 16;

/** Token ids in one growing Int32Array (a number[] of millions of ids would take four times the memory). */
export class TokenBuffer {
  private ids = new Int32Array(INITIAL_CAPACITY);
  private used = 0;

  constructor(private readonly maxTokens: number) {}

  get length(): number {
    return this.used;
  }

  get full(): boolean {
    return this.used >= this.maxTokens;
  }

  /** Appends what fits under maxTokens; returns whether all of `ids` did. */
  append(ids: readonly number[]): boolean {
    const take = Math.min(ids.length, this.maxTokens - this.used);
    if (this.used + take > this.ids.length) {
      const grown = new Int32Array(Math.min(this.maxTokens, Math.max(this.ids.length * 2, this.used + take)));
      grown.set(this.ids.subarray(0, this.used));
      this.ids = grown;
    }
    for (let i = 0; i < take; i++) this.ids[this.used + i] = ids[i];
    this.used += take;
    return take === ids.length;
  }

  tokens(): Int32Array {
    return this.ids.subarray(0, this.used);
  }
}

/** Held out for evaluation: the last tenth of the tokens, at least one window of seqLen + 1. */
export const HELD_OUT_SHARE = 0.1;

export interface TokenSplit {
  train: Int32Array;
  heldOut: Int32Array;
  /** Windows per evaluation batch: at most the training batch, and no more than either part holds. */
  evalBatch: number;
}

/** Deterministic: the same tokens give the same split, so a resumed run trains and evaluates on what the first did. */
export function splitHeldOut(tokens: Int32Array, seqLen: number, batchSize: number): TokenSplit {
  const heldOutLength = Math.max(seqLen + 1, Math.floor(tokens.length * HELD_OUT_SHARE));
  const trainLength = tokens.length - heldOutLength;
  if (trainLength < seqLen + 1) {
    throw new TrainingJobError(
      'dataset_too_small',
      `the dataset tokenizes to ${tokens.length} tokens; training with a context of ${seqLen} needs at least ${2 * (seqLen + 1)} (a window of ${seqLen + 1} to train on and one held out): use a larger dataset or a smaller contextLength`,
    );
  }
  const windows = (length: number) => Math.floor((length - 1) / seqLen);
  return {
    train: tokens.subarray(0, trainLength),
    heldOut: tokens.subarray(trainLength),
    evalBatch: Math.max(1, Math.min(batchSize, windows(heldOutLength), windows(trainLength))),
  };
}
