import * as ort from 'onnxruntime-node';
import { ATTENTION_MASK, INPUT_IDS, POSITION_IDS } from '../export/gpt-blocks';
import { TokenSamplerState, TokenSampler } from '../sampling/token-sampler';
import { CacheReplica } from './cache-replica';

/**
 * What the model's thread needs to run a lone sequence's next decode steps on its own, drawing each token itself
 * (vLLM's multi-step scheduling): the owning thread is then off the path from one step to the next. The steps'
 * results still go back one by one, and the owning thread draws every token again with its own sampler from the
 * same logits, so its cache, sampler and stop criteria stay the source of truth (a different draw is an error).
 */
export interface RunAheadPlan {
  /** Steps in all, the first (whose feeds come with the plan) included; at least 2. */
  steps: number;
  /** The sequence's sampler before the first step's draw: the model's thread draws with a copy. */
  sampling: TokenSamplerState;
  /** Tokens that end the sequence: the model's thread stops after drawing one. */
  eosTokenIds: number[];
  /** The cache column the first step's token goes to (the sequence's cached positions). */
  column: number;
}

/** One step of a run ahead, as the owning thread receives it. */
export interface AheadStep<Outputs> {
  outputs: Outputs;
  /** The token the model's thread drew from the step's logits (and fed to the next step). */
  token: number;
  /** No step follows (the plan's steps are done, or the token ended the sequence). */
  last: boolean;
}

/** A run ahead's steps in order; `next()` is called once per step until one comes back `last`. */
export interface AheadSteps<Outputs> {
  next(): Promise<AheadStep<Outputs>>;
  /** Asks the model's thread to make the step in hand the last (a request waits to join, or the sequence left). */
  halt(): void;
}

/**
 * On the model's thread: draws each step's token and turns one step's feeds into the next's (batch 1, one token):
 * the step's new keys and values go into its column of the replica, and the drawn token is fed at the next position,
 * unmasked one column further.
 */
export class AheadStepper {
  private readonly sampler: TokenSampler;
  private readonly eos: Set<number>;
  private step = 0;

  constructor(private readonly plan: RunAheadPlan) {
    this.sampler = TokenSampler.fromState(plan.sampling);
    this.eos = new Set(plan.eosTokenIds);
  }

  /** The token of the step just run, and whether it is the last one. */
  draw(logits: Float32Array): { token: number; last: boolean } {
    const token = this.sampler.sample(logits);
    return { token, last: this.step === this.plan.steps - 1 || this.eos.has(token) };
  }

  /** Feeds the next step: the replica gains the step just run, and `token` is fed after it. */
  advance(feeds: Record<string, ort.Tensor>, replica: CacheReplica, token: number): void {
    const column = this.plan.column + this.step;
    replica.apply([{ op: 'append', columns: [column] }]);
    this.step++;
    (feeds[INPUT_IDS].data as BigInt64Array)[0] = BigInt(token);
    (feeds[POSITION_IDS].data as BigInt64Array)[0] = BigInt(column + 1);
    (feeds[ATTENTION_MASK].data as BigInt64Array)[column] = 1n;
    replica.feedCache(feeds, 1);
  }
}
