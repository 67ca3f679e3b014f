import { CREDIT_LUA, CREDIT_RESERVATION_TTL_MS, CreditHold, creditHoldOf, creditKeysOf, queueCreditSettle, REDIS } from '@llmchain/platform';
import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { BUDGET_HOLD_LUA, BudgetHold, budgetHoldInput, BudgetRefusal, budgetRefusalOf } from './live-budgets';
import { RATE_LIMIT_LUA, RateLimitLane, rateLimitRefusal, rateLimitWindows } from './rate-limit-windows';

/**
 * A request's credit hold, budget holds and per-minute windows in one script, so admission costs one Redis round trip
 * (it is on the way to every first token). The checks run in the order they answer in (credits, then budgets, then
 * the windows); a refusal gives back what the checks before it held, inside the same script, so no other request
 * ever sees those holds. A tenant with no enforced balance and no budgets pays a GET and an HGETALL of missing keys.
 *
 * KEYS: credits' balance, holds, hold expiries; budgets' definitions, spent prefix; the four windows.
 * ARGV: hold id, tokens, now, credit hold ttl; api key id, month start, month end, budget counters kept after their
 * window; requests per minute, tokens per minute, window ttl.
 * Answers {'ok', credit (-1 not enforced, 1 held), held budget keys…}, {'credits'}, {'budget', id, definition,
 * windowEnd} or {'rate', index of the full window}.
 */
const ADMISSION_SCRIPT = `${CREDIT_LUA}${BUDGET_HOLD_LUA}${RATE_LIMIT_LUA}
local tokens = tonumber(ARGV[2])
local now = tonumber(ARGV[3])
local credit = hold_credit(KEYS[1], KEYS[2], KEYS[3], ARGV[1], ARGV[2], now, tonumber(ARGV[4]))
if credit == 0 then return {'credits'} end
local function release_credit()
  if credit == 1 then settle_credit(KEYS[1], KEYS[2], KEYS[3], ARGV[1], 0) end
end
local budgets = hold_budgets(KEYS[4], KEYS[5], ARGV[5], tokens, now, ARGV[6], ARGV[7], tonumber(ARGV[8]))
if budgets[1] == 0 then
  release_credit()
  return {'budget', unpack(budgets, 2)}
end
local full = count_in_windows({KEYS[6], KEYS[7], KEYS[8], KEYS[9]}, tonumber(ARGV[9]), tonumber(ARGV[10]), tokens, tonumber(ARGV[11]))
if full ~= 0 then
  for i = 2, #budgets do redis.call('DECRBY', budgets[i], tokens) end
  release_credit()
  return {'rate', full}
end
return {'ok', credit, unpack(budgets, 2)}
`;

/** What a request holds while it runs: its most possible tokens (prompt + max_tokens × n), given back as it ends. */
export interface TokenReservation {
  /** Its tokens-per-minute windows (per key, per tenant). */
  tokenKeys: [string, string];
  reserved: number;
  /** The same tokens held against a prepaid tenant's credits. */
  credit?: CreditHold;
  /** The same tokens held in the hard budgets that cover the request. */
  budgets?: BudgetHold;
}

export type AdmissionVerdict =
  | { ok: true; reservation: TokenReservation }
  | { ok: false; refused: 'credits' }
  | { ok: false; refused: 'budget'; budget: BudgetRefusal }
  | { ok: false; refused: 'rate'; limit: string; retryAfterSeconds: number };

@Injectable()
export class AdmissionHolds {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async hold(
    subject: { tenantId: string; apiKeyId: string },
    limits: { requestsPerMinute: number; tokensPerMinute: number },
    tokens: number,
    now = Date.now(),
    lane: RateLimitLane = 'interactive',
  ): Promise<AdmissionVerdict> {
    const holdId = randomUUID();
    const budgets = budgetHoldInput(subject, now);
    const windows = rateLimitWindows(subject, now, lane);
    const [apiKeyId, monthStart, monthEnd, keptMs] = budgets.args;
    let answer: [string, ...(number | string)[]];
    try {
      answer = (await this.redis.eval(
        ADMISSION_SCRIPT,
        9,
        ...creditKeysOf(subject.tenantId),
        ...budgets.keys,
        ...windows.keys,
        holdId,
        tokens,
        now,
        CREDIT_RESERVATION_TTL_MS,
        apiKeyId,
        monthStart,
        monthEnd,
        keptMs,
        limits.requestsPerMinute,
        limits.tokensPerMinute,
        windows.ttlMs,
      )) as [string, ...(number | string)[]];
    } catch (error) {
      // Redis keeps what a script wrote before it failed (a budget definition it cannot read, say): the credit hold,
      // taken first, is ended as a refusal would end it, rather than held until it lapses.
      await queueCreditSettle(this.redis.pipeline(), { tenantId: subject.tenantId, holdId, tokens }, 0)
        .exec()
        .catch(() => undefined);
      throw error;
    }
    switch (answer[0]) {
      case 'credits':
        return { ok: false, refused: 'credits' };
      case 'budget':
        return { ok: false, refused: 'budget', budget: budgetRefusalOf(answer.slice(1)) };
      case 'rate':
        return { ok: false, refused: 'rate', ...rateLimitRefusal(Number(answer[1]), now) };
    }
    const credit = creditHoldOf(Number(answer[1]), { tenantId: subject.tenantId, holdId, tokens });
    const budgetKeys = answer.slice(2) as string[];
    return {
      ok: true,
      reservation: {
        tokenKeys: [windows.keys[2], windows.keys[3]],
        reserved: tokens,
        ...(credit && credit !== 'refused' ? { credit } : {}),
        budgets: { keys: budgetKeys, tokens },
      },
    };
  }

  /**
   * The request ended having used `used` tokens: what it did not use goes back to its windows and budgets, and its
   * credit hold ends with `used` taken off the balance. One round trip (a pipeline; each part stands alone).
   */
  async release(reservation: TokenReservation, used: number): Promise<void> {
    const unused = reservation.reserved - used;
    const batch = this.redis.pipeline();
    if (unused > 0) for (const key of [...reservation.tokenKeys, ...(reservation.budgets?.keys ?? [])]) batch.decrby(key, unused);
    if (reservation.credit) queueCreditSettle(batch, reservation.credit, used);
    if (batch.length === 0) return;
    // A pipeline answers each command's error beside the others' results instead of rejecting.
    const failed = (await batch.exec())?.find(([error]) => error);
    if (failed) throw failed[0];
  }
}
