import { z } from 'zod';
import { eventEnvelope } from '../envelope';
import { TOPICS } from '../topics';
import { id, tenantId } from './common';

/**
 * billing-service → serving-service: what serving needs to enforce a hard budget live. `upsert` (re)defines it and
 * sets its spending in the window that holds `occurredAt` to `tokens` (billing's figure); `spend` adds `tokens`
 * of usage serving never saw (training, evals) to the window starting at `windowStart`; `limit` sets the limit only,
 * leaving the spending serving counts as it is (a budget in money: the tokens its money left pays for, re-priced as
 * usage is billed); `delete` ends enforcement. Applied once per event id.
 */
export const budgetUpdatedV1 = eventEnvelope(
  TOPICS.budgetUpdated,
  1,
  z.strictObject({
    tenantId,
    budgetId: id,
    name: z.string().min(1).max(200),
    apiKeyId: id.nullable(),
    change: z.enum(['upsert', 'spend', 'limit', 'delete']),
    limitTokens: z.number().int().positive(),
    /** monthly: UTC calendar months; custom: the one window [windowStart, windowEnd). */
    windowKind: z.enum(['monthly', 'custom']),
    windowStart: z.iso.datetime(),
    windowEnd: z.iso.datetime(),
    tokens: z.number().int().nonnegative(),
  }),
);
export type BudgetUpdatedV1 = z.infer<typeof budgetUpdatedV1>;

/**
 * v2 adds the limit the tenant set for a budget in money, so serving's refusal names that amount rather than the
 * tokens it is enforced as (`limitTokens` stays what serving counts against). Null for a budget in tokens.
 */
export const budgetUpdatedV2 = eventEnvelope(
  TOPICS.budgetUpdated,
  2,
  budgetUpdatedV1.shape.data.extend({
    limitMoney: z
      .strictObject({
        /** Minor units of `currency` (cents; yen for JPY, fils for KWD). */
        amountMinor: z.number().int().positive(),
        currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 currency code'),
      })
      .nullable(),
  }),
);
export type BudgetUpdatedV2 = z.infer<typeof budgetUpdatedV2>;
