// Wire types billing-service declares, imported as types only (nothing of the client reaches the bundle).
import type { BillingComponents, BillingPaths } from '../../../../libs/api-client/src';
import { requestJson, send } from './http';

/** A budget of the tenant (or of one key) in tokens or in the plan's currency, with its current window's spend. */
export type Budget = BillingComponents['schemas']['Budget'];
export type NewBudget = BillingPaths['/v1/budgets']['post']['requestBody']['content']['application/json'];
/** A threshold a budget reached in its current window. */
export type BudgetAlert = BillingComponents['schemas']['BudgetAlert'];

/** A tenant's own budgets (billing answers the whole list: budgets are few) and the alerts of their current windows. */
export const budgetsApi = (token: string) => ({
  list: () => requestJson<Budget[]>('billing', '/v1/budgets', { token }),
  alerts: () => requestJson<{ data: BudgetAlert[] }>('billing', '/v1/budget-alerts', { token }).then((list) => list.data),
  create: (body: NewBudget) => requestJson<Budget>('billing', '/v1/budgets', { token, body }),
  remove: (id: string) => send('billing', `/v1/budgets/${id}`, { token, method: 'DELETE' }),
});
