import { z } from 'zod';
import { nonNegativeBigInt } from '../common/minor-units';

const instant = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 instant like 2027-01-01T00:00:00Z' }).transform((v) => new Date(v));

export const createBudgetSchema = z
  .strictObject({
    name: z.string().trim().min(1, 'is required').max(200),
    /** A key of the tenant: the budget counts and limits that key's usage only. */
    apiKeyId: z.uuid('must be the id of one of the tenant’s API keys').optional(),
    /** A budget in tokens: every meter's tokens count. Give this or limitMinor, not both. */
    limitTokens: nonNegativeBigInt.refine((v) => v > 0n && v <= BigInt(Number.MAX_SAFE_INTEGER), 'must be between 1 and 2^53 - 1 tokens').optional(),
    /** A budget in money: integer minor units of the tenant's plan currency, usage priced as the invoice prices it. */
    limitMinor: nonNegativeBigInt.refine((v) => v > 0n && v <= BigInt(Number.MAX_SAFE_INTEGER), 'must be between 1 and 2^53 - 1 minor units').optional(),
    /** "monthly" (UTC calendar months) or one custom window. */
    window: z.union([z.literal('monthly'), z.strictObject({ start: instant, end: instant })]),
    mode: z.enum(['soft', 'hard']),
    thresholds: z
      .array(z.number().int('must be whole percentages').min(1).max(1000))
      .min(1)
      .max(10)
      .default([50, 80, 100])
      .transform((t) => [...new Set(t)].sort((a, b) => a - b)),
  })
  .refine((b) => (b.limitTokens === undefined) !== (b.limitMinor === undefined), {
    message: 'give exactly one of limitTokens (a budget in tokens) or limitMinor (a budget in minor units of the plan currency)',
  })
  .refine((b) => b.window === 'monthly' || b.window.end > b.window.start, { message: 'window.end must lie after window.start', path: ['window', 'end'] })
  .refine((b) => b.window === 'monthly' || b.window.end.getTime() - b.window.start.getTime() <= 366 * 86_400_000, {
    message: 'a custom window may span at most 366 days',
    path: ['window', 'end'],
  });
export type CreateBudgetDto = z.infer<typeof createBudgetSchema>;
