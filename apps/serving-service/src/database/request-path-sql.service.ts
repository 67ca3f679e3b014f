import { PLATFORM_CONFIG, PlatformConfig, poolTimeouts, ROOT_LOGGER, SqlExecutor } from '@llmchain/platform';
import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Pool } from 'pg';
import type { Logger } from 'pino';

/** Connections: key checks, a flush and settles in flight at once. */
const POOL_SIZE = 6;

/**
 * Serving's database through a small pg pool of its own, for the statements every request runs: the API-key check
 * and metering (reservation flushes, settles). onnxruntime runs on the same thread as everything else here, so
 * their cost comes out of generation: a raw statement through the Prisma client takes about 1 ms of CPU on this
 * machine (it is compiled each time), through pg about 0.15 ms. Everything else goes through the platform's Prisma
 * client.
 */
@Injectable()
export class RequestPathSql implements SqlExecutor, OnApplicationShutdown {
  private readonly pool: Pool;

  constructor(@Inject(PLATFORM_CONFIG) config: PlatformConfig, @Inject(ROOT_LOGGER) logger: Logger) {
    this.pool = new Pool({ connectionString: config.DATABASE_URL, max: POOL_SIZE, ...poolTimeouts(config) });
    // An idle connection that Postgres ends (a restart, a failover) errors on the pool; unheard, that error would
    // end the process. The pool drops the connection and opens a new one when next asked.
    this.pool.on('error', (err) => logger.warn({ err, component: 'request-path-sql' }, 'idle connection lost'));
  }

  async $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number> {
    return (await this.pool.query(query, values)).rowCount ?? 0;
  }

  async $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T> {
    return (await this.pool.query(query, values)).rows as T;
  }

  /** After the destroy and before-shutdown hooks, which settle and flush the last requests through it. */
  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}
