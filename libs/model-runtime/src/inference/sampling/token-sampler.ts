import { Rng } from '../../model/rng';
import { SamplingOptions, validateSamplingOptions } from './sampling-options';

/** Index of the largest value in logits[offset, offset + length); ties go to the lowest index. */
export function argmax(logits: Float32Array, offset = 0, length = logits.length - offset): number {
  let best = 0;
  let bestValue = -Infinity;
  for (let i = 0; i < length; i++) {
    const value = logits[offset + i];
    if (value > bestValue) {
      bestValue = value;
      best = i;
    }
  }
  return best;
}

/** A sampler's options and its generator's state: a sampler made from it draws exactly what the original would next. */
export interface TokenSamplerState {
  temperature: number;
  topK: number;
  topP: number;
  rngState: number;
}

/**
 * Chooses next tokens under one sequence's sampling options, in Hugging Face's order:
 * temperature, then top-k, then top-p, then a draw. Holds its own generator so that
 * a sequence's draws depend only on its seed, not on what else shares the batch.
 */
export class TokenSampler {
  private readonly temperature: number;
  private readonly topK: number;
  private readonly topP: number;
  private readonly rng: Rng;

  constructor(options: SamplingOptions = {}) {
    validateSamplingOptions(options);
    this.temperature = options.temperature ?? 0;
    this.topK = options.topK ?? 0;
    this.topP = options.topP ?? 1;
    this.rng = new Rng(options.seed ?? Math.floor(Math.random() * 2 ** 32));
  }

  /** Picks up where a sampler whose `state()` this is left off. */
  static fromState(state: TokenSamplerState): TokenSampler {
    return new TokenSampler({ temperature: state.temperature, topK: state.topK, topP: state.topP, seed: state.rngState });
  }

  state(): TokenSamplerState {
    return { temperature: this.temperature, topK: this.topK, topP: this.topP, rngState: this.rng.getState() };
  }

  get isGreedy(): boolean {
    return this.temperature === 0 || this.topK === 1;
  }

  /** Picks a token from the vocabulary-sized row of logits starting at offset. */
  sample(logits: Float32Array, offset = 0, vocabSize = logits.length - offset): number {
    if (this.isGreedy) return argmax(logits, offset, vocabSize);
    const candidates = this.candidateIds(logits, offset, vocabSize);
    const probabilities = this.candidateProbabilities(logits, offset, candidates);
    const kept = this.topPCount(probabilities);
    let total = 0;
    for (let i = 0; i < kept; i++) total += probabilities[i];
    let threshold = this.rng.next() * total;
    for (let i = 0; i < kept; i++) {
      threshold -= probabilities[i];
      if (threshold < 0) return candidates[i];
    }
    return candidates[kept - 1];
  }

  /** Token ids ordered by descending logit, cut to top-k when set. */
  private candidateIds(logits: Float32Array, offset: number, vocabSize: number): number[] {
    const ids = Array.from({ length: vocabSize }, (_, i) => i);
    ids.sort((a, b) => logits[offset + b] - logits[offset + a] || a - b);
    return this.topK > 0 ? ids.slice(0, this.topK) : ids;
  }

  /** Softmax of the temperature-scaled logits over the candidates (same order). */
  private candidateProbabilities(logits: Float32Array, offset: number, candidates: number[]): Float64Array {
    const probabilities = new Float64Array(candidates.length);
    const max = logits[offset + candidates[0]] / this.temperature;
    let sum = 0;
    for (let i = 0; i < candidates.length; i++) {
      probabilities[i] = Math.exp(logits[offset + candidates[i]] / this.temperature - max);
      sum += probabilities[i];
    }
    for (let i = 0; i < candidates.length; i++) probabilities[i] /= sum;
    return probabilities;
  }

  /** How many of the descending probabilities form the top-p nucleus (at least one). */
  private topPCount(probabilities: Float64Array): number {
    if (this.topP >= 1) return probabilities.length;
    let cumulative = 0;
    for (let i = 0; i < probabilities.length; i++) {
      cumulative += probabilities[i];
      if (cumulative >= this.topP) return i + 1;
    }
    return probabilities.length;
  }
}
