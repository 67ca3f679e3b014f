import Redis from 'ioredis';

/**
 * One ioredis connection per service process for caches and counters. BullMQ needs `maxRetriesPerRequest: null`
 * on connections it blocks on; that setting is safe for plain commands too.
 */
export function createRedis(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, lazyConnect: false, enableReadyCheck: true });
}

export const REDIS = Symbol('REDIS');
