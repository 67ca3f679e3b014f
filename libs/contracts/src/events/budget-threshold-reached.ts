import { z } from 'zod';
import { eventEnvelope } from '../envelope';
import { TOPICS } from '../topics';
import { id, tenantId } from './common';

/**
 * billing-service → webhooks and the dashboard: a budget's spending reached one of its alert thresholds (50, 80 and
 * 100% by default). Sent once per threshold per budget window. `spent` and `limit` are in the budget's unit.
 */
export const budgetThresholdReachedV1 = eventEnvelope(
  TOPICS.budgetThresholdReached,
  1,
  z.strictObject({
    tenantId,
    budgetId: id,
    /** Present for a budget on one API key; absent for the tenant's own. */
    apiKeyId: id.optional(),
    thresholdPercent: z.number().int().min(1).max(1000),
    spent: z.number().int().nonnegative(),
    limit: z.number().int().positive(),
    unit: z.union([z.literal('tokens'), z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 currency code')]),
    window: z.strictObject({ start: z.iso.datetime(), end: z.iso.datetime() }),
  }),
);
export type BudgetThresholdReachedV1 = z.infer<typeof budgetThresholdReachedV1>;
