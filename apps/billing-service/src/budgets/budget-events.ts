import { TOPICS } from '@llmchain/contracts';
import { NewEvent } from '@llmchain/platform';
import { BudgetWindow } from './budget-window';
import { BudgetRow } from './budgets.repository';

export type BudgetEvent = NewEvent<typeof TOPICS.budgetUpdated | typeof TOPICS.budgetThresholdReached>;

/** budget.updated for serving: only hard budgets are enforced live. */
export function budgetUpdated(budget: BudgetRow, change: 'upsert' | 'spend' | 'delete', window: BudgetWindow, tokens: bigint): BudgetEvent {
  return {
    topic: TOPICS.budgetUpdated,
    key: budget.tenantId,
    data: {
      tenantId: budget.tenantId,
      budgetId: budget.id,
      name: budget.name,
      apiKeyId: budget.apiKeyId,
      change,
      limitTokens: Number(budget.limitTokens),
      windowKind: budget.window,
      windowStart: window.start.toISOString(),
      windowEnd: window.end.toISOString(),
      tokens: Number(tokens),
    },
  };
}

export function thresholdReached(budget: BudgetRow, window: BudgetWindow, thresholdPercent: number, spent: bigint): BudgetEvent {
  return {
    topic: TOPICS.budgetThresholdReached,
    key: budget.tenantId,
    data: {
      tenantId: budget.tenantId,
      budgetId: budget.id,
      ...(budget.apiKeyId ? { apiKeyId: budget.apiKeyId } : {}),
      thresholdPercent,
      spent: Number(spent),
      limit: Number(budget.limitTokens),
      unit: 'tokens',
      window: { start: window.start.toISOString(), end: window.end.toISOString() },
    },
  };
}
