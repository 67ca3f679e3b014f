import { CountedPage, requestJson } from './http';

/** A grant of tokens (unit `tokens`) or of money (unit: the plan's currency, amounts in minor units). */
export type CreditGrant = {
  id: string;
  tenantId: string;
  unit: string;
  amount: string;
  remaining: string;
  priority: number;
  expiresAt: string | null;
  reason: string;
  source: string;
  grantedByUserId: string | null;
  status: 'active' | 'void' | 'expired';
  voidedAt: string | null;
  expiredAt: string | null;
  createdAt: string;
};

export type CreditTransaction = {
  id: string;
  kind: string;
  unit: string;
  grantId: string | null;
  amount: string;
  balanceAfter: string;
  period: string | null;
  meter: string | null;
  createdAt: string;
};

/** billing's credits-view.repository.ts `balance`: both balances, their live grants in draw order, history newest first. */
export type CreditBalance = {
  tenantId: string;
  balance: string;
  enforced: boolean;
  grants: CreditGrant[];
  money: { currency: string | null; balanceMinor: string; grants: CreditGrant[] };
  history: { data: CreditTransaction[]; has_more: boolean; next_before: string | null };
};

export type GrantCredits = { tokens?: string; amountMinor?: string; priority: number; expiresAt: string | null; reason: string };

/** Admin calls on one tenant's credits. */
export const creditsApi = (token: string, tenantId: string) => ({
  balance: (before?: string) => requestJson<CreditBalance>('billing', `/admin/tenants/${tenantId}/credits`, { token, query: { limit: 20, before } }),
  grants: (limit: number, after?: string) => requestJson<CountedPage<CreditGrant>>('billing', `/admin/tenants/${tenantId}/credits/grants`, { token, query: { limit, after } }),
  grant: (body: GrantCredits) => requestJson<CreditGrant>('billing', `/admin/tenants/${tenantId}/credits/grants`, { token, body }),
  void: (grantId: string) => requestJson<CreditGrant>('billing', `/admin/tenants/${tenantId}/credits/grants/${grantId}/void`, { token, method: 'POST' }),
});
