import { InvalidGenerationOptionsError } from '../errors';

/** How the next token is chosen from logits. temperature 0 (the default) means greedy. */
export interface SamplingOptions {
  temperature?: number;
  /** Keep only the k most likely tokens; 0 or absent keeps all. */
  topK?: number;
  /** Keep the smallest set of most likely tokens whose probability reaches p; 1 or absent keeps all. */
  topP?: number;
  /** Seed of the sampler's generator; absent draws a random seed. */
  seed?: number;
}

export function validateSamplingOptions(options: SamplingOptions): void {
  const { temperature, topK, topP, seed } = options;
  if (temperature !== undefined && !(Number.isFinite(temperature) && temperature >= 0)) {
    throw new InvalidGenerationOptionsError('temperature', temperature, 'a finite number >= 0');
  }
  if (topK !== undefined && !(Number.isInteger(topK) && topK >= 0)) {
    throw new InvalidGenerationOptionsError('topK', topK, 'an integer >= 0');
  }
  if (topP !== undefined && !(Number.isFinite(topP) && topP > 0 && topP <= 1)) {
    throw new InvalidGenerationOptionsError('topP', topP, 'a number in (0, 1]');
  }
  if (seed !== undefined && !Number.isInteger(seed)) {
    throw new InvalidGenerationOptionsError('seed', seed, 'an integer');
  }
}
