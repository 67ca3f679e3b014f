import { BudgetUpdatedV1 } from '@llmchain/contracts';
import { REDIS } from '@llmchain/platform';
import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';

/** Spending counters outlive their window this long, for late usage billing adds to them. */
const SPENT_KEPT_AFTER_WINDOW_MS = 7 * 86_400_000;
const APPLIED_TTL_SECONDS = 7 * 24 * 3600;

/**
 * Every hard budget of the tenant that covers the calling key and whose window holds `now` must have something
 * left (spent < limit); then the request's tokens are held in each, in one script, so concurrent requests on any
 * number of processes cannot all take the last tokens. Answers {1, held keys…} or {0, id, name, limit, windowEnd}.
 */
const HOLD_SCRIPT = `
local defs = redis.call('HGETALL', KEYS[1])
local now = tonumber(ARGV[3])
local held = {}
local expiries = {}
for i = 1, #defs, 2 do
  local id = defs[i]
  local d = cjson.decode(defs[i + 1])
  if d.apiKeyId == cjson.null or d.apiKeyId == ARGV[1] then
    local from, to = nil, nil
    if d.kind == 'monthly' then from, to = ARGV[4], ARGV[5]
    elseif now >= tonumber(d.from) and now < tonumber(d.to) then from, to = d.from, d.to end
    if from then
      local key = KEYS[2] .. id .. ':' .. from
      if tonumber(redis.call('GET', key) or '0') >= tonumber(d.limit) then return {0, id, d.name, d.limit, to} end
      table.insert(held, key)
      table.insert(expiries, tonumber(to) + tonumber(ARGV[6]))
    end
  end
end
for i, key in ipairs(held) do
  redis.call('INCRBY', key, ARGV[2])
  redis.call('PEXPIREAT', key, expiries[i])
end
return {1, unpack(held)}
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

export type BudgetRefusal = { budgetId: string; name: string; limitTokens: number; windowEnd: Date };

/**
 * Hard budgets enforced live across serving processes through Redis, as the rate limits are. Billing hands each hard
 * budget over with its spending so far (`budget.updated` upsert) and adds the usage serving never sees (spend);
 * serving counts its own requests: their most possible tokens while they run, what they used once they end. A
 * budget can thus be overspent by less than one request's hold.
 */
@Injectable()
export class LiveBudgets {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async hold(subject: { tenantId: string; apiKeyId: string }, tokens: number, now = Date.now()): Promise<BudgetHold | BudgetRefusal> {
    const at = new Date(now);
    const monthStart = Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1);
    const monthEnd = Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1);
    const [defs, spentPrefix] = keysOf(subject.tenantId);
    const answer = (await this.redis.eval(HOLD_SCRIPT, 2, defs, spentPrefix, subject.apiKeyId, tokens, now, monthStart, monthEnd, SPENT_KEPT_AFTER_WINDOW_MS)) as (number | string)[];
    if (answer[0] === 1) return { keys: answer.slice(1) as string[], tokens };
    return { budgetId: String(answer[1]), name: String(answer[2]), limitTokens: Number(answer[3]), windowEnd: new Date(Number(answer[4])) };
  }

  /** The request ended: what it held and did not use goes back. */
  async settle(hold: BudgetHold, usedTokens: number): Promise<void> {
    const unused = hold.tokens - usedTokens;
    if (hold.keys.length === 0 || unused <= 0) return;
    const batch = this.redis.multi();
    for (const key of hold.keys) batch.decrby(key, unused);
    await batch.exec();
  }

  async apply(eventId: string, data: BudgetUpdatedV1['data']): Promise<void> {
    const [defs, spentPrefix] = keysOf(data.tenantId);
    const from = Date.parse(data.windowStart);
    const to = Date.parse(data.windowEnd);
    const definition = JSON.stringify({ name: data.name, apiKeyId: data.apiKeyId, limit: String(data.limitTokens), kind: data.windowKind, from: String(from), to: String(to) });
    await this.redis.eval(
      APPLY_SCRIPT,
      3,
      defs,
      `${spentPrefix}${data.budgetId}:${from}`,
      `budgets:{${data.tenantId}}:applied:${eventId}`,
      data.change,
      data.budgetId,
      definition,
      data.tokens,
      to + SPENT_KEPT_AFTER_WINDOW_MS,
      APPLIED_TTL_SECONDS,
    );
  }
}

/** One hash tag per tenant: a script's keys share a Redis Cluster slot. */
function keysOf(tenantId: string): [definitions: string, spentPrefix: string] {
  return [`budgets:{${tenantId}}:definitions`, `budgets:{${tenantId}}:spent:`];
}
