/**
 * Every failure this library reports on purpose is a TokenizerError, so callers can tell a bad setting or a
 * bad file from a bug; the subclass says which kind of problem it is and the message says what exactly.
 */
export class TokenizerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A training or construction setting is out of range or inconsistent (e.g. a vocabulary too small). */
export class InvalidSettingsError extends TokenizerError {}

/** A special token was asked for by name but the tokenizer does not define it. */
export class UnknownSpecialTokenError extends TokenizerError {
  constructor(readonly token: string, known: readonly string[]) {
    super(`unknown special token ${JSON.stringify(token)}; this tokenizer defines ${known.length ? known.map((t) => JSON.stringify(t)).join(', ') : 'none'}`);
  }
}

/** A token id outside the vocabulary was given to decode. */
export class InvalidTokenIdError extends TokenizerError {
  constructor(readonly id: number, vocabSize: number) {
    super(`token id ${id} is not in the vocabulary (valid ids are integers 0..${vocabSize - 1})`);
  }
}

/** A tokenizer.json / tokenizer_config.json / ranks file is malformed or uses a feature this library does not support. */
export class TokenizerFormatError extends TokenizerError {}

/** Why a chat template could not be used: missing, too long, unparsable, rejected the messages, or ran past a bound. */
export type ChatTemplateErrorReason = 'no_template' | 'template_too_long' | 'template_invalid' | 'template_raised' | 'render_failed' | 'render_limit';

/**
 * A model's chat template cannot render these messages. template_raised carries the template's own message
 * (raise_exception, e.g. "Conversation roles must alternate"), which is what the caller should be told.
 */
export class ChatTemplateError extends TokenizerError {
  constructor(readonly reason: ChatTemplateErrorReason, message: string) {
    super(message);
  }
}
