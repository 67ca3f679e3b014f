import type { PlatformConfig } from '../config/platform-config';

/**
 * The pg pool options every database pool of a service takes: a connection that cannot be opened within the
 * connect timeout, and a statement running past the statement timeout (Postgres cancels it), fail instead of
 * holding a request, a pool slot or a lock for as long as the database is away.
 */
export function poolTimeouts(config: Pick<PlatformConfig, 'DATABASE_CONNECT_TIMEOUT_MS' | 'DATABASE_STATEMENT_TIMEOUT_MS'>) {
  return { connectionTimeoutMillis: config.DATABASE_CONNECT_TIMEOUT_MS, statement_timeout: config.DATABASE_STATEMENT_TIMEOUT_MS };
}
