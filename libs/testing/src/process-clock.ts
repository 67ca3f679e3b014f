import path from 'node:path';

/**
 * Environment for a service process whose clock reads `at` when it starts (see process-clock.cjs). Restart the
 * process with another instant to move its time: a month boundary or a session's expiry, without sleeping.
 * Postgres's now() is not moved, so pick instants in the past: rows the database stamps then look recent, not stale.
 */
export function processClockEnv(at: Date): Record<string, string> {
  return { NODE_OPTIONS: `--require ${path.join(__dirname, 'process-clock.cjs')}`, LLMCHAIN_TEST_CLOCK_AT: at.toISOString() };
}
