/**
 * The time one request may spend compiling token masks for grammar states met for the first time (a new state walks
 * the vocabulary's byte trie: about 22 ms on an 8k vocabulary, more on larger ones). Shared by the request's choices;
 * past it, the next new state is not compiled and the request fails with `exceeded`'s error. States already
 * compiled stay cached, so a repeated request goes further; states met before cost nothing.
 */
export class MaskCompileBudget {
  private spentMs = 0;

  constructor(
    readonly limitMs: number,
    private readonly exceeded: (spentMs: number) => Error,
  ) {}

  get exhausted(): boolean {
    return this.spentMs >= this.limitMs;
  }

  /** Runs one state's compilation and charges its time. */
  charge<T>(compile: () => T): T {
    const started = performance.now();
    try {
      return compile();
    } finally {
      this.spentMs += performance.now() - started;
    }
  }

  error(): Error {
    return this.exceeded(this.spentMs);
  }
}
