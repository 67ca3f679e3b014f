/**
 * Restricts which tokens a sequence may take next (structured outputs: a grammar's token mask). The decoder asks
 * before each draw and tells it every token drawn; the logits a TokenEvent carries stay the model's own.
 */
export interface TokenConstraint {
  /**
   * The ids allowed next (1 = allowed), or null for any. `remainingTokens` is how many tokens the sequence may
   * still take, this one included, so a grammar can steer towards an end it can still reach.
   */
  allowedTokens(remainingTokens: number): Uint8Array | null;
  /** The token drawn, which was allowed. */
  accept(token: number): void;
  /**
   * Why the constraint gave up (a bound on its own work spent), or undefined. A constraint that gives up allows only
   * end-of-sequence tokens, so its sequence leaves the batch at the next step; the run then fails with this error.
   */
  failure?(): Error | undefined;
}

/** The row with every token the mask forbids set to -Infinity, written into `into`. */
export function maskLogits(logits: Float32Array, allowed: Uint8Array, into: Float32Array): Float32Array {
  for (let i = 0; i < logits.length; i++) into[i] = allowed[i] ? logits[i] : -Infinity;
  return into;
}
