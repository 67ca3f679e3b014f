import { z } from 'zod';
import { MONEY_SCALE } from '../common/usage-price';
import { BudgetRow } from './budgets.repository';

const digits = z.string().regex(/^\d+$/).meta({ description: 'A whole number as a decimal string (exact at any size)' });

/** A budget as the API answers it: its limit and its spending in the current window, both in the budget's unit. */
export const budgetAnswer = z
  .object({
    id: z.uuid(),
    object: z.literal('budget'),
    tenantId: z.uuid(),
    apiKeyId: z.uuid().nullable().meta({ description: 'Set: the budget counts and limits this API key’s usage only' }),
    name: z.string(),
    unit: z.string().meta({ description: '"tokens", or the ISO 4217 code of the plan currency for a budget in money' }),
    limitTokens: digits.nullable().meta({ description: 'The limit of a budget in tokens; null for a budget in money' }),
    spentTokens: digits.nullable().meta({ description: 'Tokens used in the current window; null for a budget in money' }),
    limitMinor: digits.nullable().meta({ description: 'The limit of a budget in money, in minor units; null for a budget in tokens' }),
    spentMinor: digits.nullable().meta({ description: 'Usage in the current window priced as the invoice prices it (whole minor units, rounded down); null for a budget in tokens' }),
    window: z.union([z.literal('monthly'), z.object({ start: z.iso.datetime(), end: z.iso.datetime() })]),
    mode: z.enum(['soft', 'hard']),
    thresholds: z.array(z.number().int()),
    createdAt: z.iso.datetime(),
  })
  .meta({
    id: 'Budget',
    description: 'A limit on a tenant’s or one API key’s usage per window: soft alerts only, hard also stops requests (429 budget_exceeded).',
    example: {
      id: '3f1c2a9e-6b7d-4e21-9a55-0c8d7e6f5a41',
      object: 'budget',
      tenantId: '9b2e4c61-1d3f-4a8b-b7c5-2e6f0a9d8c13',
      apiKeyId: null,
      name: 'Monthly spend cap',
      unit: 'EUR',
      limitTokens: null,
      spentTokens: null,
      limitMinor: '50000',
      spentMinor: '12345',
      window: 'monthly',
      mode: 'hard',
      thresholds: [50, 80, 100],
      createdAt: '2026-12-01T09:30:00.000Z',
    },
  });
export type BudgetAnswer = z.infer<typeof budgetAnswer>;

/**
 * The answer for a budget and its spending in the current window: tokens for a budget in tokens; for one in money,
 * the priced usage kept in 1/100,000 of a minor unit, shown in whole minor units.
 */
export function budgetView(b: BudgetRow, spent: bigint): BudgetAnswer {
  const money = b.currency !== null;
  return {
    id: b.id,
    object: 'budget',
    tenantId: b.tenantId,
    apiKeyId: b.apiKeyId,
    name: b.name,
    unit: money ? b.currency! : 'tokens',
    limitTokens: money ? null : b.limit.toString(),
    spentTokens: money ? null : spent.toString(),
    limitMinor: money ? b.limit.toString() : null,
    spentMinor: money ? (spent / MONEY_SCALE).toString() : null,
    window: b.window === 'monthly' ? 'monthly' : { start: b.windowStart!.toISOString(), end: b.windowEnd!.toISOString() },
    mode: b.mode,
    thresholds: b.thresholds,
    createdAt: b.createdAt.toISOString(),
  };
}
