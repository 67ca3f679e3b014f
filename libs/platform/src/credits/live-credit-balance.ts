import type { ChainableCommander, default as Redis } from 'ioredis';

/**
 * How long a reservation holds tokens when its request never settles (its process died): then it lapses, so a
 * crash cannot lock a tenant out for good.
 */
export const CREDIT_RESERVATION_TTL_MS = 15 * 60_000;

/** How long an applied balance change is remembered, so a redelivered one changes nothing. */
const APPLIED_TTL_SECONDS = 7 * 24 * 3600;

/**
 * Lua functions for the credit scripts, and for serving's admission script, which holds a request's credits with its
 * budgets and rate limits in one round trip.
 * - credit_left: what the balance has left after every running hold, lapsed holds dropped first; nil when the
 *   balance is not enforced (no balance key).
 * - hold_credit: admits when something is left, then holds the request's tokens. -1: not enforced; 0: refused;
 *   1: held.
 * - settle_credit: ends a hold and takes what it used off the balance (if still enforced).
 */
export const CREDIT_LUA = `
local function credit_left(balance_key, holds_key, expiries_key, now)
  local balance = redis.call('GET', balance_key)
  if not balance then return nil end
  local lapsed = redis.call('ZRANGEBYSCORE', expiries_key, '-inf', now)
  for _, id in ipairs(lapsed) do redis.call('HDEL', holds_key, id) end
  redis.call('ZREMRANGEBYSCORE', expiries_key, '-inf', now)
  local held = 0
  for _, held_tokens in ipairs(redis.call('HVALS', holds_key)) do held = held + tonumber(held_tokens) end
  return tonumber(balance) - held
end
local function hold_credit(balance_key, holds_key, expiries_key, hold_id, tokens, now, ttl_ms)
  local left = credit_left(balance_key, holds_key, expiries_key, now)
  if not left then return -1 end
  if left <= 0 then return 0 end
  redis.call('HSET', holds_key, hold_id, tokens)
  redis.call('ZADD', expiries_key, now + ttl_ms, hold_id)
  return 1
end
local function settle_credit(balance_key, holds_key, expiries_key, hold_id, used)
  redis.call('HDEL', holds_key, hold_id)
  redis.call('ZREM', expiries_key, hold_id)
  if redis.call('EXISTS', balance_key) == 1 then redis.call('DECRBY', balance_key, used) end
end
`;

/**
 * Admits only when what is left after running holds covers the whole of `tokens`, then holds them under the given
 * id (holding again under the same id changes nothing): training jobs and eval runs, whose estimated cost is held
 * for their whole run, so two that the balance covers only one of cannot both start. Answers as hold_credit.
 */
const RESERVE_WHOLE_SCRIPT = `${CREDIT_LUA}
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
if redis.call('HEXISTS', KEYS[2], ARGV[1]) == 1 then return 1 end
local now = tonumber(ARGV[3])
if credit_left(KEYS[1], KEYS[2], KEYS[3], now) < tonumber(ARGV[2]) then return 0 end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
redis.call('ZADD', KEYS[3], now + tonumber(ARGV[4]), ARGV[1])
return 1
`;

/** Releases the hold and takes what the request used off the balance (if still enforced). */
const SETTLE_SCRIPT = `${CREDIT_LUA}
settle_credit(KEYS[1], KEYS[2], KEYS[3], ARGV[1], ARGV[2])
return 0
`;

/** Applies one billing change exactly once: enable sets the balance, adjust adds to it, disable ends enforcement. */
const APPLY_SCRIPT = `
if redis.call('SET', KEYS[2], '1', 'NX', 'EX', ARGV[3]) == false then return 0 end
if ARGV[1] == 'enable' then redis.call('SET', KEYS[1], ARGV[2])
elseif ARGV[1] == 'disable' then redis.call('DEL', KEYS[1])
elseif redis.call('EXISTS', KEYS[1]) == 1 then redis.call('INCRBY', KEYS[1], ARGV[2]) end
return 1
`;

export type CreditHold = { tenantId: string; holdId: string; tokens: number };

export type CreditBalanceChange = { eventId: string; tenantId: string; change: 'enable' | 'adjust' | 'disable'; tokens: number };

/**
 * A prepaid tenant's live token balance, shared by every serving and training process through Redis, as the rate
 * limits are. Billing owns the balance and sends every change serving cannot see (grants, voids, expiries,
 * training usage) as `credit.balance.changed`; serving takes its own requests off as it settles them. A request
 * holds its most possible tokens while it runs (prompt + max_tokens × n) and is admitted while the balance less
 * all holds is above zero, so the balance can fall below zero by less than one request's hold at most.
 */
export class LiveCreditBalance {
  constructor(private readonly redis: Redis) {}

  /**
   * Holds the whole estimated cost of a long run under its own id for `ttlMs` at most; null when the tenant's balance
   * is not enforced, 'refused' when what is left after other holds does not cover it.
   */
  async holdWhole(tenantId: string, holdId: string, tokens: number, ttlMs: number, now = Date.now()): Promise<CreditHold | null | 'refused'> {
    const verdict = (await this.redis.eval(RESERVE_WHOLE_SCRIPT, 3, ...creditKeysOf(tenantId), holdId, tokens, now, ttlMs)) as number;
    return creditHoldOf(verdict, { tenantId, holdId, tokens });
  }

  /** What the balance has left after every running hold; null when not enforced. */
  async available(tenantId: string): Promise<number | null> {
    const [balance, holds] = creditKeysOf(tenantId);
    const [value, held] = await Promise.all([this.redis.get(balance), this.redis.hvals(holds)]);
    return value === null ? null : Number(value) - held.reduce((sum, tokens) => sum + Number(tokens), 0);
  }

  async settle(hold: CreditHold, usedTokens: number): Promise<void> {
    const [[error]] = (await queueCreditSettle(this.redis.pipeline(), hold, usedTokens).exec()) ?? [[null]];
    if (error) throw error;
  }

  /** Whether work may start for the tenant now (training's admission): true when not enforced. */
  async hasCredit(tenantId: string): Promise<boolean> {
    const [balance] = creditKeysOf(tenantId);
    const value = await this.redis.get(balance);
    return value === null || Number(value) > 0;
  }

  /** The live balance, or null when not enforced. */
  async balance(tenantId: string): Promise<number | null> {
    const value = await this.redis.get(creditKeysOf(tenantId)[0]);
    return value === null ? null : Number(value);
  }

  /** true when applied now; false when this event was applied before. */
  async apply(change: CreditBalanceChange): Promise<boolean> {
    const applied = await this.redis.eval(APPLY_SCRIPT, 2, creditKeysOf(change.tenantId)[0], `credits:{${change.tenantId}}:applied:${change.eventId}`, change.change, change.tokens, APPLIED_TTL_SECONDS);
    return applied === 1;
  }
}

/** Queues the end of a hold on a pipeline (serving releases a request's holds in one round trip): see `settle`. */
export function queueCreditSettle(batch: ChainableCommander, hold: CreditHold, usedTokens: number): ChainableCommander {
  return batch.eval(SETTLE_SCRIPT, 3, ...creditKeysOf(hold.tenantId), hold.holdId, usedTokens);
}

/** A hold script's answer (-1, 0 or 1) as what `hold` returns. */
export function creditHoldOf(verdict: number, hold: CreditHold): CreditHold | null | 'refused' {
  if (verdict === -1) return null;
  if (verdict === 0) return 'refused';
  return hold;
}

/** One hash tag per tenant: a script's keys share a Redis Cluster slot (serving's admission script adds its own keys under the same tag). */
export function creditKeysOf(tenantId: string): [balance: string, holds: string, holdExpiries: string] {
  return [`credits:{${tenantId}}:balance`, `credits:{${tenantId}}:holds`, `credits:{${tenantId}}:hold-expiries`];
}
