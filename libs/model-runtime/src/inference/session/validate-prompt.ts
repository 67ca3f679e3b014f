import { SequenceTooLongError, TokenIdOutOfRangeError } from '../../errors';
import { GptConfig } from '../../model/config';

/** Throws TokenIdOutOfRangeError / SequenceTooLongError before anything reaches onnxruntime. */
export function validatePrompt(config: GptConfig, ids: readonly number[]): void {
  for (const id of ids) {
    if (!Number.isInteger(id) || id < 0 || id >= config.vocabSize) {
      throw new TokenIdOutOfRangeError(id, config.vocabSize);
    }
  }
  if (ids.length > config.contextLength) throw new SequenceTooLongError(ids.length, config.contextLength);
}
