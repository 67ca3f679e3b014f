import { z } from 'zod';
import { nonNegativeBigInt } from '../common/minor-units';

const positiveTokens = nonNegativeBigInt.refine((v) => v > 0n, 'must be at least 1 token');

/** A grant of tokens or of money (minor units of the plan's currency): exactly one of the two. */
export const grantCreditsSchema = z.strictObject({
  tokens: positiveTokens.optional(),
  amountMinor: nonNegativeBigInt.refine((v) => v > 0n, 'must be at least 1 minor unit').optional(),
  /** Lower numbers are drawn first. */
  priority: z.number().int('must be a whole number').min(0).max(1000).default(0),
  expiresAt: z.iso
    .datetime({ offset: true, message: 'must be an ISO 8601 instant like 2027-01-01T00:00:00Z' })
    .transform((v) => new Date(v))
    .refine((d) => d.getTime() > Date.now(), 'must lie in the future')
    .nullish()
    .transform((v) => v ?? null),
  reason: z.string().trim().min(1, 'is required: say why the credits are given').max(500),
}).refine((g) => (g.tokens === undefined) !== (g.amountMinor === undefined), {
  message: 'give exactly one of tokens (a token grant) or amountMinor (money in minor units of the plan\'s currency)',
  path: ['tokens'],
});
export type GrantCreditsDto = z.infer<typeof grantCreditsSchema>;

/** The low-balance alert and the automatic top-up; null turns one off. */
export const creditSettingsSchema = z.strictObject({
  lowBalanceThreshold: nonNegativeBigInt.nullable(),
  topUp: z
    .strictObject({
      /** Below this balance one top-up fires (again only after the balance was back at or above it). */
      threshold: nonNegativeBigInt,
      tokens: positiveTokens,
      /** What the top-up costs, on the invoice of the month it happens in (minor units of the plan's currency). */
      priceMinor: nonNegativeBigInt,
    })
    .nullable(),
});
export type CreditSettingsDto = z.infer<typeof creditSettingsSchema>;

export const creditHistoryQuerySchema = z.strictObject({
  limit: z.coerce.number().int('must be a whole number').min(1, 'must be at least 1').max(100, 'must be at most 100').default(20),
  /** The `next_before` of the previous page: history reads newest first. */
  before: z.string().regex(/^\d{1,19}$/, 'must be the next_before of the previous page').optional(),
});
export type CreditHistoryQuery = z.infer<typeof creditHistoryQuerySchema>;
