import { SamplingOptions } from '../sampling/sampling-options';
import { FinishReason, StopOptions } from '../sampling/stop-criteria';
import { TokenConstraint } from '../sampling/token-constraint';
import { ResidentAdapter } from '../session/resident-adapter';

/** Everything that decides how one sequence is continued. */
export type GenerationOptions = SamplingOptions & StopOptions;

/** A prompt to continue, as token ids, with its own options. */
export interface SequenceRequest extends GenerationOptions {
  prompt: number[];
  /** The LoRA adapter (from InferenceModel.loadAdapter) this sequence runs with; the base alone when absent. */
  adapter?: ResidentAdapter;
  /** Which tokens it may take at each step (structured outputs); any when absent. */
  constraint?: TokenConstraint;
}

/** One new token of one sequence. */
export interface TokenEvent {
  sequenceId: number;
  token: number;
  /** The logits the token was chosen from (a view into the run's output). */
  logits: Float32Array;
  /** Set on a sequence's last token; the sequence has then left the batch. */
  finishReason?: FinishReason;
  /** For finishReason 'stop': the decoded text before the stop sequence. */
  text?: string;
}
