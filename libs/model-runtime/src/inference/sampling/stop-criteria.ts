import { InvalidGenerationOptionsError } from '../errors';

export type FinishReason = 'eos' | 'stop' | 'length';

/** When a sequence's generation ends. */
export interface StopOptions {
  /** Upper bound on generated tokens. */
  maxNewTokens: number;
  /** Tokens that end generation (the end-of-sequence id); the token itself is kept in the output. */
  eosTokenIds?: number[];
  /** Strings that end generation when the decoded output contains one; needs decode. */
  stopSequences?: string[];
  /** Turns generated ids into text, for stop sequences. */
  decode?: (ids: number[]) => string;
}

export interface StopDecision {
  finishReason: FinishReason;
  /** For 'stop': the text up to (excluding) the stop sequence. */
  text?: string;
}

export function validateStopOptions(options: StopOptions): void {
  if (!(Number.isInteger(options.maxNewTokens) && options.maxNewTokens >= 1)) {
    throw new InvalidGenerationOptionsError('maxNewTokens', options.maxNewTokens, 'an integer >= 1');
  }
  const stops = options.stopSequences ?? [];
  if (stops.some((stop) => typeof stop !== 'string' || stop.length === 0)) {
    throw new InvalidGenerationOptionsError('stopSequences', stops, 'non-empty strings');
  }
  if (stops.length > 0 && !options.decode) {
    throw new InvalidGenerationOptionsError('decode', undefined, 'a decode function when stopSequences are given');
  }
}

/** Decides after each new token whether a sequence is finished, and why. */
export class StopCriteria {
  private readonly eos: Set<number>;

  constructor(private readonly options: StopOptions) {
    validateStopOptions(options);
    this.eos = new Set(options.eosTokenIds ?? []);
  }

  /** The tokens that end the sequence. */
  get eosTokenIds(): number[] {
    return [...this.eos];
  }

  check(generated: readonly number[]): StopDecision | undefined {
    if (generated.length > 0 && this.eos.has(generated[generated.length - 1])) return { finishReason: 'eos' };
    const stops = this.options.stopSequences ?? [];
    if (stops.length > 0 && this.options.decode) {
      const text = this.options.decode([...generated]);
      let earliest = -1;
      for (const stop of stops) {
        const at = text.indexOf(stop);
        if (at >= 0 && (earliest < 0 || at < earliest)) earliest = at;
      }
      if (earliest >= 0) return { finishReason: 'stop', text: text.slice(0, earliest) };
    }
    if (generated.length >= this.options.maxNewTokens) return { finishReason: 'length' };
    return undefined;
  }
}
