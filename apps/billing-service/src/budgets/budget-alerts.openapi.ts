import { isoDateTime, RouteDoc, uuid } from '@llmchain/platform';
import { z } from 'zod';

/** One threshold a budget reached in its current window (sent once as budget.threshold_reached). */
export const budgetAlertSchema = z
  .object({
    object: z.literal('budget.alert'),
    budgetId: uuid,
    thresholdPercent: z.number().int(),
    sentAt: isoDateTime,
    window: z.object({ start: isoDateTime, end: isoDateTime }),
  })
  .meta({ id: 'BudgetAlert', description: 'A threshold (percent of the limit) a budget’s spending reached in its current window; budget.threshold_reached went out once for it.' });

export const budgetAlertListSchema = z.object({ object: z.literal('list'), data: z.array(budgetAlertSchema) });

/** budget-alerts.controller.ts */
export const BUDGET_ALERTS_ROUTES: readonly RouteDoc[] = [
  {
    method: 'GET',
    path: '/v1/budget-alerts',
    summary: 'The thresholds each budget reached in its current window, by budget then threshold',
    caller: 'tenant',
    auth: 'tenant key',
    responses: { 200: { description: 'The alerts sent in the budgets’ current windows', json: budgetAlertListSchema } },
  },
];
