export type RetryPolicy = { baseMs: number; maxDelayMs: number; windowMs: number };

/**
 * When a delivery is tried next after `runAttempts` failed attempts of a run that began at `runStartedAt`: the first
 * retry after baseMs, each further delay doubled up to maxDelayMs, the last one moved to the window's end so retries
 * cover it all. Null once the window has passed: the delivery has failed.
 */
export function nextAttemptAt(policy: RetryPolicy, runAttempts: number, runStartedAt: Date, now: Date): Date | null {
  const end = runStartedAt.getTime() + policy.windowMs;
  if (now.getTime() >= end) return null;
  const delay = Math.min(policy.baseMs * 2 ** Math.min(runAttempts - 1, 40), policy.maxDelayMs);
  return new Date(Math.min(now.getTime() + delay, end));
}
