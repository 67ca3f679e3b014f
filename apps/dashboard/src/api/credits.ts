// Wire types billing-service declares, imported as types only (nothing of the client reaches the bundle).
import type { BillingPaths, BillingSchemas } from '../../../../libs/api-client/src';
import { CountedPage, requestJson } from './http';

/** A grant of tokens (unit `tokens`) or of money (unit: the plan's currency, amounts in minor units). */
export type CreditGrant = BillingSchemas['CreditGrant'];
export type CreditTransaction = BillingSchemas['CreditTransaction'];
/** Both balances, their live grants in draw order, history newest first. */
export type CreditBalance = BillingSchemas['CreditBalance'];
export type GrantCredits = BillingPaths['/admin/tenants/{tenantId}/credits/grants']['post']['requestBody']['content']['application/json'];

/** Admin calls on one tenant's credits. */
export const creditsApi = (token: string, tenantId: string) => ({
  balance: (before?: string) => requestJson<CreditBalance>('billing', `/admin/tenants/${tenantId}/credits`, { token, query: { limit: 20, before } }),
  grants: (limit: number, after?: string) => requestJson<CountedPage<CreditGrant>>('billing', `/admin/tenants/${tenantId}/credits/grants`, { token, query: { limit, after } }),
  grant: (body: GrantCredits) => requestJson<CreditGrant>('billing', `/admin/tenants/${tenantId}/credits/grants`, { token, body }),
  void: (grantId: string) => requestJson<CreditGrant>('billing', `/admin/tenants/${tenantId}/credits/grants/${grantId}/void`, { token, method: 'POST' }),
});
