import { TOPICS } from '@llmchain/contracts';
import { NewEvent } from '@llmchain/platform';
import { MONEY_SCALE } from '../common/usage-price';
import { BudgetWindow } from './budget-window';
import { BudgetRow, WindowSpend } from './budgets.repository';

export type BudgetEvent = NewEvent<typeof TOPICS.budgetUpdated | typeof TOPICS.budgetThresholdReached>;

/** What serving enforces, in tokens: the limit and the spending its window's counter is set to (or added). */
export type LiveTerms = { limitTokens: bigint; tokens: bigint };

/**
 * Serving counts tokens, so a budget in money reaches it as a limit in tokens: those counted so far, plus as many
 * as the money left pays for at the dearest price serving's tokens can have (its meters' tiers): serving then stops
 * the tenant before the money is spent, whatever tier the usage falls in. Billing re-prices the limit after every
 * ledger chunk with the budget's usage (`limit`), serving's counter untouched. Free usage is never limited.
 */
export function liveMoneyTerms(budget: BudgetRow, spend: WindowSpend, dearestServedUnitCost: bigint): LiveTerms {
  const most = BigInt(Number.MAX_SAFE_INTEGER);
  if (dearestServedUnitCost === 0n) return { limitTokens: most, tokens: spend.tokens };
  const left = budget.limit * MONEY_SCALE - spend.spent;
  const limit = spend.tokens + (left > 0n ? left / dearestServedUnitCost : 0n);
  return { limitTokens: limit < 1n ? 1n : limit > most ? most : limit, tokens: spend.tokens };
}

/** budget.updated (v2) for serving: only hard budgets are enforced live. */
export function budgetUpdated(budget: BudgetRow, change: 'upsert' | 'spend' | 'limit' | 'delete', window: BudgetWindow, live: LiveTerms): BudgetEvent {
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
      // What the tenant set, for serving's refusal to name; serving enforces limitTokens either way.
      limitMoney: budget.currency === null ? null : { amountMinor: Number(budget.limit), currency: budget.currency },
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
