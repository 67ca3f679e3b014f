import { TrainingConfigError } from '../errors';
import { Rng } from '../model/rng';

export interface TokenBatch {
  /** int64 [batch, seqLen] inputs and their next-token targets, row-major. */
  inputIds: BigInt64Array;
  targets: BigInt64Array;
  /** float32 [batch, seqLen] weight of each target in the loss, when the data carries loss weights. */
  weights?: Float32Array;
  batch: number;
  seqLen: number;
}

/**
 * Tokens as one stream; `lossWeights[i]` (optional, same length) weighs the prediction of `tokens[i]`: 0 on prompt
 * tokens and 1 on completions gives the completion-only loss.
 */
export interface TrainingData {
  tokens: Int32Array;
  lossWeights?: Float32Array;
}

export const asTrainingData = (data: Int32Array | TrainingData): TrainingData => (data instanceof Int32Array ? { tokens: data } : data);

export interface SamplerState {
  rngState: number;
  /** Batches drawn so far: the position in the data stream. */
  cursor: number;
}

/**
 * Draws training batches as nanoGPT does: windows of seqLen + 1 tokens at random offsets of a token stream. Its
 * state (generator and cursor) is small and exact, so a resumed run draws the same batches it would have drawn.
 * `lossWeights[i]`, when given, weighs the prediction of `tokens[i]` (0 on prompt tokens for completion-only loss).
 */
export class BatchSampler {
  private rng: Rng;
  private drawn: number;

  constructor(
    private readonly tokens: Int32Array,
    private readonly batch: number,
    private readonly seqLen: number,
    state: SamplerState,
    private readonly lossWeights?: Float32Array,
  ) {
    if (tokens.length < seqLen + 1) {
      throw new TrainingConfigError(`the training data has ${tokens.length} tokens, fewer than seqLen + 1 = ${seqLen + 1}`);
    }
    if (lossWeights && lossWeights.length !== tokens.length) {
      throw new TrainingConfigError(`lossWeights has ${lossWeights.length} entries for ${tokens.length} tokens`);
    }
    if (lossWeights?.some((w) => !(w >= 0 && w <= 1e6))) throw new TrainingConfigError('lossWeights must be finite and non-negative');
    this.rng = Rng.fromState(state.rngState);
    this.drawn = state.cursor;
  }

  static fresh(tokens: Int32Array, batch: number, seqLen: number, seed: number): BatchSampler {
    return new BatchSampler(tokens, batch, seqLen, { rngState: seed >>> 0, cursor: 0 });
  }

  state(): SamplerState {
    return { rngState: this.rng.getState(), cursor: this.drawn };
  }

  next(): TokenBatch {
    const { batch, seqLen, tokens } = this;
    const inputIds = new BigInt64Array(batch * seqLen);
    const targets = new BigInt64Array(batch * seqLen);
    const weights = this.lossWeights ? new Float32Array(batch * seqLen) : undefined;
    for (let row = 0; row < batch; row++) {
      const offset = this.rng.nextInt(tokens.length - seqLen);
      for (let t = 0; t < seqLen; t++) {
        inputIds[row * seqLen + t] = BigInt(tokens[offset + t]);
        targets[row * seqLen + t] = BigInt(tokens[offset + t + 1]);
        if (weights) weights[row * seqLen + t] = this.lossWeights![offset + t + 1];
      }
    }
    this.drawn++;
    return { inputIds, targets, weights, batch, seqLen };
  }
}
