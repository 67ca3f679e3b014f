/** What a client should wait before retrying a request refused because a dependency is away. */
export const OUTAGE_RETRY_AFTER_SECONDS = 5;

export type Dependency = 'database' | 'redis';

/**
 * How each client library reports a dependency that is down, unreachable or too slow (as opposed to a bad query or
 * a bug): ioredis past its command timeout or retry limit, pg and Prisma's pg adapter failing to connect, losing
 * the connection, or Postgres cancelling a statement past the statement timeout.
 */
const SIGNS: [Dependency, (error: Error & { code?: unknown }) => boolean][] = [
  ['redis', (e) => e.name === 'MaxRetriesPerRequestError' || /^(Command timed out|Connection is closed|Stream isn't writeable)/.test(e.message)],
  [
    'database',
    (e) =>
      ['P1001', 'P1002', 'P1008', 'P1017', 'P2024', '57014', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08006'].includes(String(e.code)) ||
      /connection terminated|timeout exceeded when trying to connect|Connection terminated unexpectedly|canceling statement due to statement timeout|ECONNREFUSED|ECONNRESET|Can't reach database server/i.test(e.message),
  ],
];

/** Which dependency an error says is away, looking through its causes; null for any other error. */
export function dependencyOutage(error: unknown): Dependency | null {
  for (let cause = error, depth = 0; cause instanceof Error && depth < 5; cause = cause.cause, depth++) {
    for (const [dependency, sign] of SIGNS) if (sign(cause)) return dependency;
  }
  return null;
}
