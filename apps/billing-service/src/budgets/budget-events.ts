import { TOPICS } from '@llmchain/contracts';
import { NewEvent } from '@llmchain/platform';
import { MONEY_SCALE } from '../common/usage-price';
import { BudgetWindow } from './budget-window';
import { BudgetRow } from './budgets.repository';

export type BudgetEvent = NewEvent<typeof TOPICS.budgetUpdated | typeof TOPICS.budgetThresholdReached>;

/** What serving enforces, in tokens: the limit and the spending its window's counter is set to (or added). */
export type LiveTerms = { limitTokens: bigint; tokens: bigint };

/**
 * Serving counts tokens, so a budget in money reaches it as the tokens its money left pays for at the plan's
 * dearest token price, its counter starting at zero (at the limit, a counter of 1 on a limit of 1): serving then
 * stops the tenant before the money is spent, whatever meters and tiers the usage falls on. Billing re-prices it
 * after every ledger chunk the budget's usage is in. Free usage (no price) is never limited.
 */
export function liveMoneyTerms(budget: BudgetRow, spentScaled: bigint, dearestUnitCost: bigint): LiveTerms {
  if (dearestUnitCost === 0n) return { limitTokens: BigInt(Number.MAX_SAFE_INTEGER), tokens: 0n };
  const left = budget.limit * MONEY_SCALE - spentScaled;
  const tokens = left > 0n ? left / dearestUnitCost : 0n;
  const capped = tokens < BigInt(Number.MAX_SAFE_INTEGER) ? tokens : BigInt(Number.MAX_SAFE_INTEGER);
  return capped > 0n ? { limitTokens: capped, tokens: 0n } : { limitTokens: 1n, tokens: 1n };
}

/** budget.updated for serving: only hard budgets are enforced live. */
export function budgetUpdated(budget: BudgetRow, change: 'upsert' | 'spend' | 'delete', window: BudgetWindow, live: LiveTerms): BudgetEvent {
  return {
    topic: TOPICS.budgetUpdated,
    key: budget.tenantId,
    data: {
      tenantId: budget.tenantId,
      budgetId: budget.id,
      name: budget.name,
      apiKeyId: budget.apiKeyId,
      change,
      limitTokens: Number(live.limitTokens),
      windowKind: budget.window,
      windowStart: window.start.toISOString(),
      windowEnd: window.end.toISOString(),
      tokens: Number(live.tokens),
    },
  };
}

/** `spent` in the budget's spending unit: tokens, or 1/100,000 of a minor unit for a budget in money. */
export function thresholdReached(budget: BudgetRow, window: BudgetWindow, thresholdPercent: number, spent: bigint): BudgetEvent {
  return {
    topic: TOPICS.budgetThresholdReached,
    key: budget.tenantId,
    data: {
      tenantId: budget.tenantId,
      budgetId: budget.id,
      ...(budget.apiKeyId ? { apiKeyId: budget.apiKeyId } : {}),
      thresholdPercent,
      spent: Number(budget.currency === null ? spent : spent / MONEY_SCALE),
      limit: Number(budget.limit),
      unit: budget.currency ?? 'tokens',
      window: { start: window.start.toISOString(), end: window.end.toISOString() },
    },
  };
}

/** The limit in the budget's spending unit, to compare spending with. */
export const limitInSpendUnits = (budget: BudgetRow): bigint => (budget.currency === null ? budget.limit : budget.limit * MONEY_SCALE);
