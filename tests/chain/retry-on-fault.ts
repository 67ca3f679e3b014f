import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Whether a call failed because a fault took its service away (connection refused or cut, a stream cut short) or left
 * it without its database, broker or Redis for a moment (a 5xx). Anything else, a 4xx above all, is a real answer.
 */
export function failedByFault(error: unknown): boolean {
  const { status, message = '' } = error as { status?: unknown; message?: string };
  if (typeof status === 'number') return status >= 500;
  if (/answered 5\d\d/.test(message)) return true;
  return /fetch failed|cannot reach|ECONNREFUSED|ECONNRESET|EPIPE|socket hang up|other side closed|terminated|Connection error|stream ended before/i.test(message);
}

/** The failures a fault caused and the call retried, for the test's report. */
export type FaultRetries = { call: string; failure: string }[];

/**
 * Calls again, as a tenant's program would, while the call fails because of a fault; any other failure, or one that
 * lasts past `timeoutMs`, is thrown as it is.
 */
export async function retryOnFault<T>(what: string, call: () => Promise<T>, retries: FaultRetries, timeoutMs = 180_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await call();
    } catch (error) {
      if (!failedByFault(error) || Date.now() > deadline) throw error;
      retries.push({ call: what, failure: `${new Date().toISOString()} ${(error as Error).message.slice(0, 200)}` });
      await sleep(1_000);
    }
  }
}
