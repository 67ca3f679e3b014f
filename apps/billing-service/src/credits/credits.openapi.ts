import { listPageOf, listQuerySchema, RouteDoc } from '@llmchain/platform';
import { creditHistoryQuerySchema, creditSettingsSchema, grantCreditsSchema } from './credits.dto';
import { creditBalanceSchema, creditGrantSchema } from './credits.schemas';

const BALANCE = 'Both balances (tokens, and money in the plan currency), their live grants in the order they are drawn, and the history newest first, paged with `before`.';
const balance = { 200: { description: 'The balances, live grants and a page of history', json: creditBalanceSchema } };

/** credits.controller.ts */
export const CREDITS_ROUTES: readonly RouteDoc[] = [
  { method: 'GET', path: '/admin/tenants/:tenantId/credits', summary: 'Get a tenant’s credit balance', description: BALANCE, caller: 'admin', auth: 'admin session', query: creditHistoryQuerySchema, responses: balance },
  {
    method: 'POST', path: '/admin/tenants/:tenantId/credits/grants', summary: 'Grant credits to a tenant',
    description: 'Give exactly one of `tokens` or `amountMinor` (money in minor units of the plan currency: 409 without a plan in force, or while money credits in another currency are left). Lower priorities are drawn first.',
    caller: 'admin', auth: 'admin session', body: grantCreditsSchema, example: { tokens: '1000000', priority: 0, expiresAt: '2027-06-30T00:00:00Z', reason: 'Launch bonus' },
    responses: { 201: { description: 'The grant', json: creditGrantSchema } },
  },
  { method: 'GET', path: '/admin/tenants/:tenantId/credits/grants', summary: 'List a tenant’s credit grants', description: 'Every grant, live or not, oldest first.', caller: 'admin', auth: 'admin session', query: listQuerySchema, responses: { 200: { description: 'A page of grants', json: listPageOf(creditGrantSchema) } } },
  { method: 'POST', path: '/admin/tenants/:tenantId/credits/grants/:grantId/void', summary: 'Void a credit grant', description: 'What the grant has left leaves the balance at once; 409 when it is already void or expired.', caller: 'admin', auth: 'admin session', responses: { 201: { description: 'The voided grant', json: creditGrantSchema } } },
  {
    method: 'PUT', path: '/admin/tenants/:tenantId/credits/settings', summary: 'Set a tenant’s low-balance alert and automatic top-up',
    description: 'Replaces both settings; null turns one off. Each fires once per crossing below its threshold and is armed again once the balance is back at or above it. A top-up is billed on the invoice of its month.',
    caller: 'admin', auth: 'admin session', body: creditSettingsSchema, responses: balance,
  },
  { method: 'GET', path: '/v1/credits', summary: 'Get your credit balance', description: BALANCE, caller: 'tenant', auth: 'tenant key', query: creditHistoryQuerySchema, responses: balance },
];
