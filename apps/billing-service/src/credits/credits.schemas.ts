import { isoDateTime } from '@llmchain/platform';
import { z } from 'zod';
import { integerString, Wire } from '../common/wire';
import { CreditsViewRepository } from './credits-view.repository';

type GrantView = Awaited<ReturnType<CreditsViewRepository['grant']>>;
type BalanceView = Awaited<ReturnType<CreditsViewRepository['balance']>>;

const TENANT_ID = '9b2e4c61-1d3f-4a8b-b7c5-2e6f0a9d8c13';
const ADMIN_ID = '4a3b2c1d-0e9f-4876-a5b4-c3d2e1f0a9b8';

const grantExample = {
  id: '5e0a7c3b-2f1d-4b6e-9a8c-7d6e5f4a3b21',
  tenantId: TENANT_ID,
  unit: 'tokens',
  amount: '1000000',
  remaining: '734500',
  priority: 0,
  expiresAt: '2027-06-30T00:00:00.000Z',
  reason: 'Launch bonus',
  source: 'admin',
  grantedByUserId: ADMIN_ID,
  status: 'active',
  voidedAt: null,
  expiredAt: null,
  createdAt: '2026-12-01T09:30:00.000Z',
};

/** A grant of tokens or of money, as credits-view.repository.ts shows it. */
export const creditGrantSchema = z
  .object({
    id: z.uuid(),
    tenantId: z.uuid(),
    unit: z.string().meta({ description: '"tokens", or the ISO 4217 code of the plan currency for a grant of money' }),
    amount: integerString.meta({ description: 'What was granted: tokens, or minor units of the currency' }),
    remaining: integerString.meta({ description: 'What is left to draw, in the grant’s unit' }),
    priority: z.number().int().meta({ description: 'Lower numbers are drawn first' }),
    expiresAt: isoDateTime.nullable().meta({ description: 'What is left then expires; null: never' }),
    reason: z.string(),
    source: z.enum(['admin', 'top_up']).meta({ description: 'admin: granted by a platform admin; top_up: bought by the automatic top-up' }),
    grantedByUserId: z.uuid().nullable().meta({ description: 'The admin who granted it; null for a top-up' }),
    status: z.enum(['active', 'void', 'expired']),
    voidedAt: isoDateTime.nullable(),
    expiredAt: isoDateTime.nullable(),
    createdAt: isoDateTime,
  })
  .meta({ id: 'CreditGrant', example: grantExample }) satisfies z.ZodType<Wire<GrantView>>;

/** One change of a balance; amounts are signed and in the entry's unit. */
const creditTransactionSchema = z
  .object({
    id: integerString.meta({ description: 'Increases with every change: pass the last one seen as `before` for older history' }),
    kind: z.enum(['grant', 'consume', 'void', 'expire', 'overdraw']).meta({ description: 'overdraw: usage no grant covered (amount 0, the tokens in `uncovered`)' }),
    unit: z.string().meta({ description: '"tokens", or the ISO 4217 code of the money credits' }),
    grantId: z.uuid().nullable(),
    amount: integerString.meta({ description: 'Signed: what the change added to the balance' }),
    balanceAfter: integerString,
    period: z.string().nullable().meta({ description: 'consume and overdraw: the billed month of the usage (YYYY-MM)' }),
    meter: z.string().nullable().meta({ description: 'consume and overdraw: the meter of the usage' }),
    uncovered: integerString.nullable().meta({ description: 'overdraw: the tokens no grant covered' }),
    paidTokens: integerString.nullable().meta({ description: 'A consume of money: the usage tokens it paid for' }),
    createdAt: isoDateTime,
  })
  .meta({ id: 'CreditTransaction' });

/** Both balances, their live grants in the order they are drawn, the alert and top-up settings, and the history. */
export const creditBalanceSchema = z
  .object({
    object: z.literal('credit_balance'),
    tenantId: z.uuid(),
    unit: z.literal('tokens').meta({ description: 'The unit of `balance`' }),
    balance: integerString.meta({ description: 'What the live token grants have left' }),
    enforced: z.boolean().meta({ description: 'Whether serving and training refuse requests once the balance is spent (the tenant’s plan is prepaid)' }),
    lowBalanceThreshold: integerString.nullable().meta({ description: 'A credit.low event fires once each time the balance falls below it; null: off' }),
    topUp: z
      .object({
        threshold: integerString.meta({ description: 'Below this balance one top-up fires (again only after the balance was back at or above it)' }),
        tokens: integerString.nullable(),
        priceMinor: integerString.nullable().meta({ description: 'Billed on the invoice of the month the top-up happens in' }),
      })
      .nullable()
      .meta({ description: 'The automatic top-up; null: off' }),
    grants: z.array(creditGrantSchema).meta({ description: 'The live token grants in the order they are drawn (at most 100)' }),
    money: z.object({
      currency: z.string().nullable().meta({ description: 'The ISO 4217 code of the money credits (the plan currency); null before the first money grant' }),
      balanceMinor: integerString.meta({ description: 'What the live money grants have left, in minor units; drawn when invoices are issued' }),
      grants: z.array(creditGrantSchema),
    }),
    history: z
      .object({
        data: z.array(creditTransactionSchema),
        has_more: z.boolean(),
        next_before: integerString.nullable().meta({ description: 'Pass as `before` for the next, older page' }),
      })
      .meta({ description: 'Every change of either balance, newest first' }),
  })
  .meta({
    id: 'CreditBalance',
    example: {
      object: 'credit_balance',
      tenantId: TENANT_ID,
      unit: 'tokens',
      balance: '734500',
      enforced: true,
      lowBalanceThreshold: '100000',
      topUp: { threshold: '50000', tokens: '1000000', priceMinor: '2000' },
      grants: [grantExample],
      money: { currency: 'EUR', balanceMinor: '0', grants: [] },
      history: {
        data: [
          { id: '42', kind: 'consume', unit: 'tokens', grantId: grantExample.id, amount: '-265500', balanceAfter: '734500', period: '2026-12', meter: 'prompt', uncovered: null, paidTokens: null, createdAt: '2026-12-02T14:05:00.000Z' },
          { id: '41', kind: 'grant', unit: 'tokens', grantId: grantExample.id, amount: '1000000', balanceAfter: '1000000', period: null, meter: null, uncovered: null, paidTokens: null, createdAt: '2026-12-01T09:30:00.000Z' },
        ],
        has_more: false,
        next_before: null,
      },
    },
  }) satisfies z.ZodType<Wire<BalanceView>>;
