import { InvalidInputError, SequenceTooLongError, TokenIdOutOfRangeError } from '../errors';
import { GptConfig } from './config';

/**
 * Checks a batch of token sequences against the model: non-empty, rectangular, no longer than the context, every id
 * an integer in [0, vocabSize). Returns the ids flattened row-major as int64.
 */
export function tokenBatchToInt64(config: GptConfig, sequences: readonly (readonly number[])[]): BigInt64Array {
  if (sequences.length === 0 || sequences[0].length === 0) {
    throw new InvalidInputError('a token batch needs at least one non-empty sequence');
  }
  const seqLen = sequences[0].length;
  if (seqLen > config.contextLength) throw new SequenceTooLongError(seqLen, config.contextLength);
  const out = new BigInt64Array(sequences.length * seqLen);
  sequences.forEach((sequence, row) => {
    if (sequence.length !== seqLen) {
      throw new InvalidInputError(`sequence ${row} has ${sequence.length} tokens; every sequence must have ${seqLen}`);
    }
    sequence.forEach((id, col) => {
      if (!Number.isInteger(id) || id < 0 || id >= config.vocabSize) throw new TokenIdOutOfRangeError(id, config.vocabSize);
      out[row * seqLen + col] = BigInt(id);
    });
  });
  return out;
}

/** Throws TokenIdOutOfRangeError for the first id outside [0, vocabSize). */
export function assertTokenIds(config: Pick<GptConfig, 'vocabSize'>, ids: ArrayLike<number>): void {
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    if (!Number.isInteger(id) || id < 0 || id >= config.vocabSize) throw new TokenIdOutOfRangeError(id, config.vocabSize);
  }
}
