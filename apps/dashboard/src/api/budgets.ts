import { requestJson, send } from './http';

/** billing's budgets.service.ts view: a token budget of the tenant (or of one key) with its current window's spend. */
export type Budget = {
  id: string;
  apiKeyId: string | null;
  name: string;
  limitTokens: string;
  window: 'monthly' | { start: string; end: string };
  mode: 'soft' | 'hard';
  thresholds: number[];
  spentTokens: string;
  createdAt: string;
};
export type NewBudget = { name: string; limitTokens: string; window: Budget['window']; mode: Budget['mode']; thresholds: number[] };

/** A tenant's own budgets (billing answers the whole list: budgets are few). */
export const budgetsApi = (token: string) => ({
  list: () => requestJson<Budget[]>('billing', '/v1/budgets', { token }),
  create: (body: NewBudget) => requestJson<Budget>('billing', '/v1/budgets', { token, body }),
  remove: (id: string) => send('billing', `/v1/budgets/${id}`, { token, method: 'DELETE' }),
});
