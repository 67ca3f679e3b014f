/** Every typed error model-runtime throws. Each carries a stable `code` so callers can branch without parsing text. */
export class ModelRuntimeError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** A GPT configuration that cannot form a model (width not divisible by heads, zero layers, ...). */
export class ModelConfigError extends ModelRuntimeError {
  constructor(message: string) {
    super('MODEL_CONFIG_INVALID', message);
  }
}

/** A token id outside [0, vocabSize). */
export class TokenIdOutOfRangeError extends ModelRuntimeError {
  constructor(
    readonly tokenId: number,
    readonly vocabSize: number,
  ) {
    super('TOKEN_ID_OUT_OF_RANGE', `token id ${tokenId} is outside the vocabulary [0, ${vocabSize})`);
  }
}

/** A sequence longer than the model's context window. */
export class SequenceTooLongError extends ModelRuntimeError {
  constructor(
    readonly length: number,
    readonly contextLength: number,
  ) {
    super('SEQUENCE_TOO_LONG', `sequence of ${length} tokens is longer than the context length ${contextLength}`);
  }
}

/** Input tensors whose shape the model cannot take (ragged batch, empty batch, mismatched targets). */
export class InvalidInputError extends ModelRuntimeError {
  constructor(message: string) {
    super('INVALID_INPUT', message);
  }
}

/** A training or fine-tuning option that makes no sense (non-positive batch, unknown parameter to freeze, ...). */
export class TrainingConfigError extends ModelRuntimeError {
  constructor(message: string) {
    super('TRAINING_CONFIG_INVALID', message);
  }
}

/** A checkpoint file that is truncated, altered or not a checkpoint at all. */
export class CorruptCheckpointError extends ModelRuntimeError {
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super('CHECKPOINT_CORRUPT', `checkpoint ${path} is corrupt: ${reason}`);
  }
}

/** A model weights file (or model directory file) that is truncated, altered or does not match its config. */
export class CorruptModelError extends ModelRuntimeError {
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super('MODEL_CORRUPT', `model file ${path} is corrupt: ${reason}`);
  }
}

/**
 * A Hugging Face model directory that cannot be imported: an unsupported architecture, a config field or tensor that
 * disagrees with the rest, a file that is missing or unreadable. `field` names what to fix (a config.json field such
 * as `rope_scaling.rope_type`, a tensor name, or a file name) so a service can answer 400 with it.
 */
export class ModelImportError extends ModelRuntimeError {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super('MODEL_IMPORT_INVALID', message);
  }
}
