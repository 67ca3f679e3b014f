import { createHash } from 'node:crypto';
import type Redis from 'ioredis';

export type LoginThrottleLimits = {
  /** Failures on one account before each further failure makes it wait. */
  accountFailures: number;
  /** Failures from one address, on any accounts, before it waits likewise. */
  addressFailures: number;
  /** The longest wait, and how long failures are remembered after the last one. */
  maxBackoffMs: number;
};

// One failure, atomically: count it and, from the threshold on, lock for 1 s doubling per further failure (capped).
// The lock's end is in Redis's clock (TIME), so replicas with skewed clocks agree. Answers the wait in ms.
const RECORD_FAILURE = `
local failures = redis.call('HINCRBY', KEYS[1], 'failures', 1)
local threshold, maxBackoff = tonumber(ARGV[1]), tonumber(ARGV[2])
local t = redis.call('TIME')
local now = t[1] * 1000 + math.floor(t[2] / 1000)
local wait = 0
if failures >= threshold then
  wait = math.min(1000 * 2 ^ math.min(failures - threshold, 30), maxBackoff)
  redis.call('HSET', KEYS[1], 'until', now + wait)
end
redis.call('PEXPIRE', KEYS[1], maxBackoff + wait)
return wait`;

// The longest remaining lock among the keys, in ms (0: none).
const REMAINING_WAIT = `
local t = redis.call('TIME')
local now = t[1] * 1000 + math.floor(t[2] / 1000)
local wait = 0
for _, key in ipairs(KEYS) do
  local lockedUntil = tonumber(redis.call('HGET', key, 'until') or '0')
  if lockedUntil - now > wait then wait = lockedUntil - now end
end
return wait`;

/**
 * Login throttling in Redis, shared by every replica: per account (against guessing one password) and per address
 * (against one client trying many accounts), each with exponential backoff once its failures pass a threshold.
 * A success forgets the account's failures, not the address's. Emails are kept only as hashes. Keys start with the
 * environment's namespace (the one its Kafka topics carry), so environments sharing a Redis do not lock each other out.
 */
export class LoginThrottle {
  constructor(
    private readonly redis: Redis,
    private readonly limits: LoginThrottleLimits,
    private readonly namespace: string,
  ) {}

  /** How long (ms) this login must wait before it may be tried at all; 0 when it may. */
  async remainingWaitMs(email: string, address: string): Promise<number> {
    return Number(await this.redis.eval(REMAINING_WAIT, 2, this.accountKey(email), this.addressKey(address)));
  }

  async recordFailure(email: string, address: string): Promise<void> {
    const { accountFailures, addressFailures, maxBackoffMs } = this.limits;
    await Promise.all([
      this.redis.eval(RECORD_FAILURE, 1, this.accountKey(email), accountFailures, maxBackoffMs),
      this.redis.eval(RECORD_FAILURE, 1, this.addressKey(address), addressFailures, maxBackoffMs),
    ]);
  }

  async recordSuccess(email: string): Promise<void> {
    await this.redis.del(this.accountKey(email));
  }

  private accountKey(email: string): string {
    return `${this.namespace}login-throttle:account:${createHash('sha256').update(email).digest('hex')}`;
  }

  private addressKey(address: string): string {
    return `${this.namespace}login-throttle:address:${address}`;
  }
}
