import { Job, Worker } from 'bullmq';
import type { Logger } from 'pino';
import { createBlockingRedis } from '../redis/redis-connection';

export type QueueWorkerOptions = {
  redisUrl: string;
  /** The service's BullMQ key prefix (QUEUE_PREFIX). */
  prefix: string;
  concurrency: number;
  /**
   * How long a job stays this worker's without a renewal (renewed while it runs). When the process dies the lock
   * lapses and BullMQ's stalled-job check, every half of it (at least 1 s), hands the job to another worker.
   */
  lockMs?: number;
  /** Stalls (worker deaths) a job survives before it fails. */
  maxStalledCount?: number;
  logger: Logger;
};

/** A BullMQ worker and the connection it blocks on; `close` ends both. */
export type QueueWorker<T> = { worker: Worker<T>; close(): Promise<void> };

/**
 * A worker on its own blocking Redis connection (BullMQ blocks on it waiting for jobs, so it is never shared), with
 * connection errors logged. The caller adds its own 'failed' handling.
 */
export function startQueueWorker<T>(queue: string, handle: (job: Job<T>) => Promise<unknown>, options: QueueWorkerOptions): QueueWorker<T> {
  const connection = createBlockingRedis(options.redisUrl);
  const lock = options.lockMs === undefined ? {} : { lockDuration: options.lockMs, stalledInterval: Math.max(1000, Math.floor(options.lockMs / 2)) };
  const stalls = options.maxStalledCount === undefined ? {} : { maxStalledCount: options.maxStalledCount };
  const worker = new Worker<T>(queue, handle, { connection, prefix: options.prefix, concurrency: options.concurrency, ...lock, ...stalls });
  worker.on('error', (error) => options.logger.error({ err: error, queue }, 'queue worker error'));
  return {
    worker,
    async close() {
      await worker.close();
      await connection.quit().catch(() => connection.disconnect());
    },
  };
}
