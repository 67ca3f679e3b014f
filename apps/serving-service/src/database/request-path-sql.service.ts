import { PgSqlClient, PLATFORM_CONFIG, PlatformConfig, poolTimeouts, ROOT_LOGGER } from '@llmchain/platform';
import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';

/** Connections: key checks, a flush and settles in flight at once. */
const POOL_SIZE = 6;

/**
 * Serving's database through a small pg pool of its own, for the statements every request runs: the API-key check
 * and metering (reservation flushes, settles). onnxruntime's calls and the HTTP work share the main thread, so a
 * statement's CPU comes out of generation (PgSqlClient says what Prisma would cost). Everything else goes through the
 * platform's Prisma client.
 */
@Injectable()
export class RequestPathSql extends PgSqlClient implements OnApplicationShutdown {
  constructor(@Inject(PLATFORM_CONFIG) config: PlatformConfig, @Inject(ROOT_LOGGER) logger: Logger) {
    super({ connectionString: config.DATABASE_URL, max: POOL_SIZE, ...poolTimeouts(config) }, logger);
  }

  /** After the destroy and before-shutdown hooks, which settle and flush the last requests through it. */
  async onApplicationShutdown(): Promise<void> {
    await this.end();
  }
}
