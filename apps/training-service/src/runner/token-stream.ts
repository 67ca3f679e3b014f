import { TrainingData } from '@llmchain/model-runtime';
import { TrainingJobError } from './training-job';

const INITIAL_CAPACITY = 1 << 16;

/**
 * Token ids in one growing Int32Array (a number[] of millions of ids would take four times the memory), and with
 * `weighted` each token's loss weight beside it (0 on prompt tokens: completion-only loss).
 */
export class TokenBuffer {
  private ids = new Int32Array(INITIAL_CAPACITY);
  private weights?: Float32Array;
  private used = 0;

  constructor(
    private readonly maxTokens: number,
    weighted = false,
  ) {
    if (weighted) this.weights = new Float32Array(INITIAL_CAPACITY);
  }

  get length(): number {
    return this.used;
  }

  get full(): boolean {
    return this.used >= this.maxTokens;
  }

  /** Appends what fits under maxTokens (with the tokens' loss weights when weighted); returns whether all of `ids` did. */
  append(ids: readonly number[], weights?: readonly number[]): boolean {
    if ((this.weights === undefined) !== (weights === undefined) || (weights && weights.length !== ids.length)) {
      throw new Error('a weighted TokenBuffer takes one weight per token, an unweighted one none');
    }
    const take = Math.min(ids.length, this.maxTokens - this.used);
    if (this.used + take > this.ids.length) {
      const capacity = Math.min(this.maxTokens, Math.max(this.ids.length * 2, this.used + take));
      const grown = new Int32Array(capacity);
      grown.set(this.ids.subarray(0, this.used));
      this.ids = grown;
      if (this.weights) {
        const grownWeights = new Float32Array(capacity);
        grownWeights.set(this.weights.subarray(0, this.used));
        this.weights = grownWeights;
      }
    }
    for (let i = 0; i < take; i++) this.ids[this.used + i] = ids[i];
    if (this.weights) for (let i = 0; i < take; i++) this.weights[this.used + i] = weights![i];
    this.used += take;
    return take === ids.length;
  }

  tokens(): Int32Array {
    return this.ids.subarray(0, this.used);
  }

  /** The tokens with their loss weights (weighted buffers), as the Trainer takes them. */
  trainingData(): TrainingData {
    return { tokens: this.tokens(), lossWeights: this.weights?.subarray(0, this.used) };
  }
}

/** Held out for evaluation: the last tenth of the tokens, at least one window of seqLen + 1. */
export const HELD_OUT_SHARE = 0.1;

export interface TokenSplit<Data extends Int32Array | TrainingData = Int32Array | TrainingData> {
  train: Data;
  heldOut: Data;
  /** Windows per evaluation batch: at most the training batch, and no more than either part holds. */
  evalBatch: number;
}

/**
 * Deterministic: the same tokens give the same split, so a resumed run trains and evaluates on what the first did.
 * Loss weights, when the data carries them, split with their tokens.
 */
export function splitHeldOut<Data extends Int32Array | TrainingData>(data: Data, seqLen: number, batchSize: number): TokenSplit<Data> {
  const tokens = data instanceof Int32Array ? data : data.tokens;
  const weights = data instanceof Int32Array ? undefined : data.lossWeights;
  const heldOutLength = Math.max(seqLen + 1, Math.floor(tokens.length * HELD_OUT_SHARE));
  const trainLength = tokens.length - heldOutLength;
  if (trainLength < seqLen + 1) {
    throw new TrainingJobError(
      'dataset_too_small',
      `the dataset tokenizes to ${tokens.length} tokens; training with a context of ${seqLen} needs at least ${2 * (seqLen + 1)} (a window of ${seqLen + 1} to train on and one held out): use a larger dataset or a smaller contextLength`,
    );
  }
  const windows = (length: number) => Math.floor((length - 1) / seqLen);
  const part = (start: number, end?: number) =>
    (weights ? { tokens: tokens.subarray(start, end), lossWeights: weights.subarray(start, end) } : tokens.subarray(start, end)) as Data;
  return {
    train: part(0, trainLength),
    heldOut: part(trainLength),
    evalBatch: Math.max(1, Math.min(batchSize, windows(heldOutLength), windows(trainLength))),
  };
}
