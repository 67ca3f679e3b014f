import { BudgetUpdatedV1, BudgetUpdatedV2 } from '@llmchain/contracts';
import { REDIS } from '@llmchain/platform';
import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { MoneyAmount } from '../common/money';

/** Spending counters outlive their window this long, for late usage billing adds to them. */
const SPENT_KEPT_AFTER_WINDOW_MS = 7 * 86_400_000;
const APPLIED_TTL_SECONDS = 7 * 24 * 3600;

/**
 * A Lua function for the admission script: every hard budget of the tenant that covers the calling key and whose
 * window holds `now` must have something left (spent < limit); then the request's tokens are held in each, in one
 * script, so concurrent requests on any number of processes cannot all take the last tokens. Answers
 * {1, held keys…} or {0, id, definition, windowEnd} (the refusing budget's definition as apply wrote it).
 */
export const BUDGET_HOLD_LUA = `
local function hold_budgets(defs_key, spent_prefix, api_key_id, tokens, now, month_start, month_end, kept_ms)
  local defs = redis.call('HGETALL', defs_key)
  local held = {}
  local expiries = {}
  for i = 1, #defs, 2 do
    local id = defs[i]
    local d = cjson.decode(defs[i + 1])
    if d.apiKeyId == cjson.null or d.apiKeyId == api_key_id then
      local from, to = nil, nil
      if d.kind == 'monthly' then from, to = month_start, month_end
      elseif now >= tonumber(d.from) and now < tonumber(d.to) then from, to = d.from, d.to end
      if from then
        local key = spent_prefix .. id .. ':' .. from
        if tonumber(redis.call('GET', key) or '0') >= tonumber(d.limit) then return {0, id, defs[i + 1], to} end
        table.insert(held, key)
        table.insert(expiries, tonumber(to) + kept_ms)
      end
    end
  end
  for i, key in ipairs(held) do
    redis.call('INCRBY', key, tokens)
    redis.call('PEXPIREAT', key, expiries[i])
  end
  return {1, unpack(held)}
end
`;

/** Applies one budget.updated exactly once; `limit` redefines a budget still in force and leaves its counter alone. */
const APPLY_SCRIPT = `
if redis.call('SET', KEYS[3], '1', 'NX', 'EX', ARGV[6]) == false then return 0 end
if ARGV[1] == 'delete' then
  redis.call('HDEL', KEYS[1], ARGV[2])
  return 1
end
if ARGV[1] == 'limit' then
  if redis.call('HEXISTS', KEYS[1], ARGV[2]) == 1 then redis.call('HSET', KEYS[1], ARGV[2], ARGV[3]) end
  return 1
end
if ARGV[1] == 'upsert' then
  redis.call('HSET', KEYS[1], ARGV[2], ARGV[3])
  redis.call('SET', KEYS[2], ARGV[4])
else
  redis.call('INCRBY', KEYS[2], ARGV[4])
end
redis.call('PEXPIREAT', KEYS[2], ARGV[5])
return 1
`;

export type BudgetHold = { keys: string[]; tokens: number };

/** limitMoney: a budget in money's limit as the tenant set it; serving counts tokens, but names this amount when it refuses. */
export type BudgetRefusal = { budgetId: string; name: string; limitTokens: number; limitMoney: MoneyAmount | null; windowEnd: Date };

/** A budget's definition in Redis (a field of its tenant's definitions hash), as apply writes it and the Lua reads it. */
type BudgetDefinition = { name: string; apiKeyId: string | null; limit: string; money: MoneyAmount | null; kind: 'monthly' | 'custom'; from: string; to: string };

/**
 * Hard budgets enforced live across serving processes through Redis, as the rate limits are. Billing hands each hard
 * budget over with its spending so far (`budget.updated` upsert) and adds the usage serving never sees (spend);
 * serving counts its own requests: their most possible tokens while they run, what they used once they end. A
 * budget can thus be overspent by less than one request's hold.
 */
@Injectable()
export class LiveBudgets {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async apply(eventId: string, data: BudgetUpdatedV1['data'] | BudgetUpdatedV2['data']): Promise<void> {
    const [defs, spentPrefix] = keysOf(data.tenantId);
    const from = Date.parse(data.windowStart);
    const to = Date.parse(data.windowEnd);
    // v1 (from a billing not yet upgraded) knows no money limit: its budget is named in tokens.
    const money = 'limitMoney' in data ? data.limitMoney : null;
    const definition: BudgetDefinition = { name: data.name, apiKeyId: data.apiKeyId, limit: String(data.limitTokens), money, kind: data.windowKind, from: String(from), to: String(to) };
    await this.redis.eval(
      APPLY_SCRIPT,
      3,
      defs,
      `${spentPrefix}${data.budgetId}:${from}`,
      `budgets:{${data.tenantId}}:applied:${eventId}`,
      data.change,
      data.budgetId,
      JSON.stringify(definition),
      data.tokens,
      to + SPENT_KEPT_AFTER_WINDOW_MS,
      APPLIED_TTL_SECONDS,
    );
  }
}

/** hold_budgets' keys, and its arguments after `tokens` and `now`, for the subject's request at `now`. */
export function budgetHoldInput(subject: { tenantId: string; apiKeyId: string }, now: number): { keys: [string, string]; args: [apiKeyId: string, monthStart: number, monthEnd: number, keptMs: number] } {
  const at = new Date(now);
  const monthStart = Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1);
  const monthEnd = Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1);
  return { keys: keysOf(subject.tenantId), args: [subject.apiKeyId, monthStart, monthEnd, SPENT_KEPT_AFTER_WINDOW_MS] };
}

/** The budget that refused, from hold_budgets' answer {0, id, definition, windowEnd} less its 0. */
export function budgetRefusalOf([budgetId, definition, windowEnd]: (number | string)[]): BudgetRefusal {
  const { name, limit, money } = JSON.parse(String(definition)) as BudgetDefinition;
  // A definition written before money limits were kept has no `money`: it is named in tokens until billing re-sends it.
  return { budgetId: String(budgetId), name, limitTokens: Number(limit), limitMoney: money ?? null, windowEnd: new Date(Number(windowEnd)) };
}

/** One hash tag per tenant: a script's keys share a Redis Cluster slot. */
function keysOf(tenantId: string): [definitions: string, spentPrefix: string] {
  return [`budgets:{${tenantId}}:definitions`, `budgets:{${tenantId}}:spent:`];
}
