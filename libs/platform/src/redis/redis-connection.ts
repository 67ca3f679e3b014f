import Redis from 'ioredis';

/**
 * How long a command may wait for Redis on a request path, queued while reconnecting included: past it the command
 * fails (and the request answers 503) instead of holding the request open for as long as Redis is away.
 */
export const REDIS_COMMAND_TIMEOUT_MS = 2_000;

/**
 * A connection for plain commands (caches, counters, rate limits, adding jobs to a queue). A command waits through
 * one reconnection attempt at most and never longer than REDIS_COMMAND_TIMEOUT_MS, so an outage surfaces as an
 * error the caller can answer with 503.
 */
export function createRedis(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: 1, commandTimeout: REDIS_COMMAND_TIMEOUT_MS, lazyConnect: false, enableReadyCheck: true });
}

/**
 * A connection BullMQ blocks on (a Worker's): BullMQ requires `maxRetriesPerRequest: null` and no command timeout,
 * since its blocking commands wait for jobs for as long as it asks. Never use it for request-path commands.
 */
export function createBlockingRedis(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, lazyConnect: false, enableReadyCheck: true });
}

export const REDIS = Symbol('REDIS');
