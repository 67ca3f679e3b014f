export type CorpusProblem = 'invalid_utf8' | 'binary' | 'malformed_jsonl' | 'empty' | 'line_too_long' | 'document_too_large';

/** A corpus that cannot be read as documents; the message says what to fix. */
export class CorpusFormatError extends Error {
  constructor(
    readonly problem: CorpusProblem,
    message: string,
    /**
     * For malformed JSONL: the 1-based numbers of the bad lines (the first ones, when there are many); for a line or
     * document over its limit: the line where it was found.
     */
    readonly lines: number[] = [],
  ) {
    super(message);
    this.name = 'CorpusFormatError';
  }
}
