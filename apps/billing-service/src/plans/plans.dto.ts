import { listQuerySchema } from '@llmchain/platform';
import { z } from 'zod';
import { nonNegativeBigInt } from '../common/minor-units';

const tierSchema = z.strictObject({
  /** Cumulative upper bound in billable tokens; null for the last tier. */
  upToTokens: nonNegativeBigInt.nullable(),
  unitPricePer1kMinor: nonNegativeBigInt,
});

/** Graduated tiers: bounds strictly increasing, the last one unbounded so every token has a price. */
const tiersSchema = z
  .array(tierSchema)
  .min(1, 'needs at least one tier')
  .max(20)
  .superRefine((tiers, ctx) => {
    tiers.forEach((tier, i) => {
      const last = i === tiers.length - 1;
      if (last && tier.upToTokens !== null) ctx.addIssue({ code: 'custom', path: [i, 'upToTokens'], message: 'the last tier must be unbounded (null)' });
      if (!last && tier.upToTokens === null) ctx.addIssue({ code: 'custom', path: [i, 'upToTokens'], message: 'only the last tier may be unbounded' });
      const previous = i > 0 ? tiers[i - 1].upToTokens : 0n;
      if (!last && tier.upToTokens !== null && previous !== null && tier.upToTokens <= previous)
        ctx.addIssue({ code: 'custom', path: [i, 'upToTokens'], message: 'tier bounds must increase and be above 0' });
    });
  });

/** The largest value a Postgres integer column holds: anything larger would make the write fail with a 500. */
const MAX_INTEGER = 2_147_483_647;
const perMinuteLimit = z.number().int().positive().max(MAX_INTEGER, `must be at most ${MAX_INTEGER}`);

export const planTermsSchema = z.strictObject({
  name: z.string().trim().min(1, 'is required').max(200),
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code like USD').default('USD'),
  monthlyFeeMinor: nonNegativeBigInt,
  includedTokens: nonNegativeBigInt,
  requestsPerMinute: perMinuteLimit,
  tokensPerMinute: perMinuteLimit,
  quotaMode: z.enum(['hard', 'soft']),
  /** Serving's fair queue: the tenant's share of a saturated model's tokens, relative to other tenants' weights. */
  schedulingWeight: z.number().int().min(1).max(1000).default(1),
  /** Serving: sequences a tenant may run at once per model. */
  maxConcurrentSequences: z.number().int().min(1).max(4096).default(64),
  /** Usage draws token credits, checked live at admission; the plan's included tokens must be 0 (credits replace them). */
  prepaid: z.boolean().default(false),
  /** Percent off the prompt and completion prices for Batch API tokens. */
  batchDiscountPercent: z.number().int('must be a whole percent').min(0).max(100).default(50),
  prices: z.strictObject({ prompt: tiersSchema, completion: tiersSchema, training: tiersSchema }),
});
export type PlanTermsDto = z.infer<typeof planTermsSchema>;

export const createPlanSchema = planTermsSchema.extend({
  code: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be lowercase letters, digits and dashes'),
});
export type CreatePlanDto = z.infer<typeof createPlanSchema>;

export const listPlansQuerySchema = listQuerySchema.extend({ includeRetired: z.enum(['true', 'false']).default('false') });
export type ListPlansQuery = z.infer<typeof listPlansQuerySchema>;
