import { SequenceTooLongError, TokenIdOutOfRangeError } from '../../errors';
import { DecoderShape } from '../../model/decoder-model';

/** Throws TokenIdOutOfRangeError / SequenceTooLongError before anything reaches onnxruntime. */
export function validatePrompt(shape: DecoderShape, ids: readonly number[]): void {
  for (const id of ids) {
    if (!Number.isInteger(id) || id < 0 || id >= shape.vocabSize) {
      throw new TokenIdOutOfRangeError(id, shape.vocabSize);
    }
  }
  if (ids.length > shape.contextLength) throw new SequenceTooLongError(ids.length, shape.contextLength);
}
