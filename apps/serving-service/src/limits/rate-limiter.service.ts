import { CreditHold, REDIS } from '@llmchain/platform';
import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { BudgetHold } from './live-budgets';

const WINDOW_MS = 60_000;

/**
 * Checks four fixed one-minute windows (requests and tokens, per key and per tenant) and, only when all four have
 * room, counts the request in all of them: one script, so concurrent requests on several processes cannot both
 * take the last slot. Returns 0 when admitted, else the 1-based index of the window that is full.
 */
const ADMIT_SCRIPT = `
local rpm = tonumber(ARGV[1])
local tpm = tonumber(ARGV[2])
local tokens = tonumber(ARGV[3])
for i = 1, 2 do
  if tonumber(redis.call('GET', KEYS[i]) or '0') + 1 > rpm then return i end
end
for i = 3, 4 do
  if tonumber(redis.call('GET', KEYS[i]) or '0') + tokens > tpm then return i end
end
for i = 1, 2 do
  redis.call('INCR', KEYS[i])
  redis.call('PEXPIRE', KEYS[i], ARGV[4])
end
for i = 3, 4 do
  redis.call('INCRBY', KEYS[i], tokens)
  redis.call('PEXPIRE', KEYS[i], ARGV[4])
end
return 0
`;

const WINDOW_NAMES = ['requests per minute for this key', 'requests per minute for this tenant', 'tokens per minute for this key', 'tokens per minute for this tenant'];

/**
 * Which windows a request counts in: interactive requests in theirs, Batch API requests in the batch lane's own, with
 * the same per-minute limits, so batches never take an interactive request's room, nor interactive traffic a batch's.
 */
export type RateLimitLane = 'interactive' | 'batch';

export type RateLimitVerdict =
  | { ok: true; reservation: TokenReservation }
  | { ok: false; limit: string; retryAfterSeconds: number };

/** Tokens counted at admission (prompt + max_tokens); what a request did not use is given back when it ends. */
export interface TokenReservation {
  tokenKeys: [string, string];
  reserved: number;
  /** The same tokens held against a prepaid tenant's credits (TokenAdmission adds it). */
  credit?: CreditHold;
  /** The same tokens held in the hard budgets that cover the request (TokenAdmission adds it). */
  budgets?: BudgetHold;
}

@Injectable()
export class RateLimiter {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async admit(
    subject: { tenantId: string; apiKeyId: string },
    limits: { requestsPerMinute: number; tokensPerMinute: number },
    tokens: number,
    now = Date.now(),
    lane: RateLimitLane = 'interactive',
  ): Promise<RateLimitVerdict> {
    const window = Math.floor(now / WINDOW_MS);
    const prefix = lane === 'batch' ? `serving:rl:${window}:batch` : `serving:rl:${window}`;
    const keys = [
      `${prefix}:rpm:key:${subject.apiKeyId}`,
      `${prefix}:rpm:tenant:${subject.tenantId}`,
      `${prefix}:tpm:key:${subject.apiKeyId}`,
      `${prefix}:tpm:tenant:${subject.tenantId}`,
    ];
    const full = (await this.redis.eval(ADMIT_SCRIPT, 4, ...keys, limits.requestsPerMinute, limits.tokensPerMinute, tokens, 2 * WINDOW_MS)) as number;
    if (full === 0) return { ok: true, reservation: { tokenKeys: [keys[2], keys[3]], reserved: tokens } };
    const retryAfterSeconds = Math.max(1, Math.ceil(((window + 1) * WINDOW_MS - now) / 1000));
    return { ok: false, limit: WINDOW_NAMES[full - 1], retryAfterSeconds };
  }

  /** Gives back reserved tokens the request did not use. */
  async settle(reservation: TokenReservation, used: number): Promise<void> {
    const unused = reservation.reserved - used;
    if (unused <= 0) return;
    await this.redis.multi().decrby(reservation.tokenKeys[0], unused).decrby(reservation.tokenKeys[1], unused).exec();
  }
}
