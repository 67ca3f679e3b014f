import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import Redis from 'ioredis';
import { EXTEND_IF_HELD as EXTEND, RELEASE_IF_HELD as RELEASE } from '../lease/replica-lease';

export class BlobCommitLockTimeoutError extends Error {
  constructor(key: string, waitedMs: number) {
    super(`another writer held the commit lock on blob ${key} for ${waitedMs} ms; retry the write`);
    this.name = 'BlobCommitLockTimeoutError';
  }
}

/**
 * One committer per key at a time, across every process that shares the Redis: S3 servers without conditional writes
 * (S3Proxy 2.6 answers 501 to `If-None-Match: *`) cannot refuse an overwrite themselves, so "check the key is free,
 * then copy" runs under this lock. A holder that dies frees the key after `leaseMs`; a live holder renews its lease
 * every third of it, so only a process frozen for longer than the lease could lose the lock mid-copy.
 */
export class BlobCommitLock {
  constructor(
    private readonly redis: Redis,
    private readonly namespace: string,
    private readonly leaseMs = 30_000,
    private readonly maxWaitMs = 120_000,
  ) {}

  async withLock<T>(key: string, work: () => Promise<T>): Promise<T> {
    const lockKey = `llmchain:blob-commit:${this.namespace}:${key}`;
    const token = randomUUID();
    const started = Date.now();
    while ((await this.redis.set(lockKey, token, 'PX', this.leaseMs, 'NX')) !== 'OK') {
      if (Date.now() - started > this.maxWaitMs) throw new BlobCommitLockTimeoutError(key, Date.now() - started);
      await sleep(25 + Math.random() * 50);
    }
    const renewal = setInterval(() => {
      this.redis.eval(EXTEND, 1, lockKey, token, this.leaseMs).catch(() => undefined);
    }, this.leaseMs / 3);
    try {
      return await work();
    } finally {
      clearInterval(renewal);
      await this.redis.eval(RELEASE, 1, lockKey, token).catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
