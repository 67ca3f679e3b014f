import { ModelRuntimeError } from '../errors';

/**
 * Typed errors only the inference half throws. Bad token ids, over-long sequences and corrupt model
 * files reuse the library-wide TokenIdOutOfRangeError, SequenceTooLongError and CorruptModelError.
 */
export class UnknownExecutionProviderError extends ModelRuntimeError {
  constructor(
    readonly provider: string,
    readonly known: readonly string[],
  ) {
    super('EXECUTION_PROVIDER_UNKNOWN', `unknown execution provider "${provider}"; known providers: ${known.join(', ')}`);
  }
}

export class UnavailableExecutionProviderError extends ModelRuntimeError {
  constructor(
    readonly provider: string,
    readonly available: readonly string[],
    detail?: string,
  ) {
    super(
      'EXECUTION_PROVIDER_UNAVAILABLE',
      `execution provider "${provider}" cannot be used on this host` +
        ` (this onnxruntime-node build ships: ${available.join(', ')})${detail ? `: ${detail}` : ''}`,
    );
  }
}

export class InvalidGenerationOptionsError extends ModelRuntimeError {
  constructor(
    readonly option: string,
    readonly value: unknown,
    expected: string,
  ) {
    super('GENERATION_OPTION_INVALID', `invalid generation option ${option}=${JSON.stringify(value)}: expected ${expected}`);
  }
}

export class UnknownSequenceError extends ModelRuntimeError {
  constructor(readonly sequenceId: number) {
    super('SEQUENCE_UNKNOWN', `no sequence with id ${sequenceId} in the batched decoder`);
  }
}

export class MissingGraphOutputError extends ModelRuntimeError {
  constructor(readonly output: string) {
    super(
      'GRAPH_OUTPUT_MISSING',
      `the model's onnx/model.onnx has no ${output} output: it was exported before the output existed; export the model again`,
    );
  }
}

/** The worker thread a model runs on failed a run or stopped; what it was computing is lost (a retry may succeed). */
export class ModelThreadError extends ModelRuntimeError {
  constructor(detail: string) {
    super('MODEL_THREAD_FAILED', `the model's thread failed: ${detail}`);
  }
}
