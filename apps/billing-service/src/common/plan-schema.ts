import { isoDateTime } from '@llmchain/platform';
import { z } from 'zod';
import { planView } from './plan-terms';
import { integerString, Wire } from './wire';

/** One graduated tier of a meter's price. */
const priceTierSchema = z.object({
  upToTokens: integerString.nullable().meta({ description: 'Cumulative upper bound in billable tokens; null on the last, unbounded tier' }),
  unitPricePer1kMinor: integerString.meta({ description: 'Price of 1,000 tokens in this tier, in minor units' }),
});

/** A plan version as the API shows it (planView): plans.controller.ts answers it, subscriptions carry it. */
export const planSchema = z
  .object({
    id: z.uuid(),
    code: z.string(),
    version: z.number().int().meta({ description: 'Plans are never edited: a change is the next version of the code' }),
    name: z.string(),
    currency: z.string(),
    monthlyFeeMinor: integerString,
    includedTokens: integerString,
    requestsPerMinute: z.number().int(),
    tokensPerMinute: z.number().int(),
    schedulingWeight: z.number().int(),
    maxConcurrentSequences: z.number().int(),
    quotaMode: z.enum(['hard', 'soft']).meta({ description: '`hard`: serving stops when the included tokens are used up; `soft`: usage continues and an alert goes out' }),
    prepaid: z.boolean(),
    batchDiscountPercent: z.number().int(),
    retiredAt: isoDateTime.nullable().meta({ description: 'Set once retired: a retired plan takes no new subscriptions' }),
    createdAt: isoDateTime,
    prices: z.object({ prompt: z.array(priceTierSchema), completion: z.array(priceTierSchema), training: z.array(priceTierSchema) }),
  })
  .meta({
    id: 'Plan',
    example: {
      id: '5b0f8c4e-2a51-4f7e-9c3d-1f2e3a4b5c6d',
      code: 'team',
      version: 2,
      name: 'Team',
      currency: 'USD',
      monthlyFeeMinor: '4900',
      includedTokens: '1000000',
      requestsPerMinute: 600,
      tokensPerMinute: 200000,
      schedulingWeight: 2,
      maxConcurrentSequences: 64,
      quotaMode: 'soft',
      prepaid: false,
      batchDiscountPercent: 50,
      retiredAt: null,
      createdAt: '2026-11-02T09:30:00.000Z',
      prices: {
        prompt: [
          { upToTokens: '10000000', unitPricePer1kMinor: '2' },
          { upToTokens: null, unitPricePer1kMinor: '1' },
        ],
        completion: [{ upToTokens: null, unitPricePer1kMinor: '6' }],
        training: [{ upToTokens: null, unitPricePer1kMinor: '8' }],
      },
    },
  }) satisfies z.ZodType<Wire<ReturnType<typeof planView>>>;
