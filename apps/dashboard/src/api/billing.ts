import { CountedPage, requestJson, send } from './http';

export type Meter = 'prompt' | 'completion' | 'training';
export const METERS: Meter[] = ['prompt', 'completion', 'training'];

export type Tenant = {
  id: string;
  name: string;
  contactEmail: string | null;
  billingEmail: string | null;
  createdAt: string;
  status: 'active' | 'suspended';
  suspendedAt?: string | null;
};
export type TenantEdit = Partial<Pick<Tenant, 'name' | 'contactEmail' | 'billingEmail'>>;
export type TenantFilter = { q?: string; status?: Tenant['status'] };
export type User = { id: string; email: string; role: string; tenantId: string | null; createdAt: string };
export type ApiKeyScope = 'serving' | 'data' | 'training' | 'keys';
export type ApiKey = {
  id: string;
  tenantId: string;
  name: string;
  prefix: string;
  scopes: ApiKeyScope[];
  expiresAt: string | null;
  revokedAt: string | null;
  createdAt: string;
};
export type IssuedApiKey = ApiKey & { key: string };

export type PriceTier = { upToTokens: string | null; unitPricePer1kMinor: string };
export type PlanTerms = {
  name: string;
  currency: string;
  monthlyFeeMinor: string;
  includedTokens: string;
  requestsPerMinute: number;
  tokensPerMinute: number;
  /** Serving's fair queue: the tenant's share of a saturated model's tokens, relative to other tenants'. */
  schedulingWeight: number;
  /** Serving: sequences a tenant may run at once per model. */
  maxConcurrentSequences: number;
  quotaMode: 'hard' | 'soft';
  prices: Record<Meter, PriceTier[]>;
};
export type Plan = PlanTerms & { id: string; code: string; version: number; retiredAt: string | null; createdAt: string };
export type Subscription = { id: string; tenantId: string; planId: string; startsOn: string; endsOn: string | null; createdAt: string; plan: Plan };

export type MeterTotals = Record<Meter | 'total', string>;
export type UsageReport = {
  tenantId: string;
  period: string;
  totals: MeterTotals;
  byDay: ({ day: string } & MeterTotals)[];
  byModel: ({ model: string } & MeterTotals)[];
  adjustments: { usageDay: string; model: string; meter: Meter; tokens: string }[];
};
export type PlatformUsage = Omit<UsageReport, 'tenantId' | 'adjustments'> & {
  topTenants: ({ tenantId: string; name: string | null } & MeterTotals)[];
};
export type Quota = { tenantId: string; period: string; remainingIncludedTokens: string; hardStop: boolean };

export type InvoiceLine = { position: number; kind: string; description: string; quantity: string; unitPriceMinor: string | null; amountMinor: string };
export type Invoice = {
  id: string;
  number: number;
  tenantId: string;
  period: string;
  status: 'draft' | 'issued' | 'paid' | 'void';
  currency: string;
  totalMinor: string;
  createdAt: string;
  issuedAt: string | null;
  paidAt: string | null;
  voidedAt: string | null;
  lines: InvoiceLine[];
};

export type Login = { token: string; expiresAt: string; role: 'admin' | 'tenant' };

export const login = (email: string, password: string) => requestJson<Login>('billing', '/auth/login', { body: { email, password } });
export const logout = (token: string) => send('billing', '/auth/logout', { method: 'POST', token });

/** Admin calls: the session token of a platform admin. */
export const adminApi = (token: string) => ({
  tenants: (limit: number, after?: string, filter: TenantFilter = {}) =>
    requestJson<CountedPage<Tenant>>('billing', '/admin/tenants', { token, query: { limit, after, ...filter } }),
  tenant: (id: string) => requestJson<Tenant>('billing', `/admin/tenants/${id}`, { token }),
  createTenant: (name: string) => requestJson<Tenant>('billing', '/admin/tenants', { token, body: { name } }),
  updateTenant: (id: string, body: TenantEdit) => requestJson<Tenant>('billing', `/admin/tenants/${id}`, { token, method: 'PATCH', body }),
  suspendTenant: (id: string, reason: string) => requestJson<Tenant>('billing', `/admin/tenants/${id}/suspend`, { token, body: { reason } }),
  reactivateTenant: (id: string) => requestJson<Tenant>('billing', `/admin/tenants/${id}/reactivate`, { token, body: {} }),
  platformUsage: (period: string) => requestJson<PlatformUsage>('billing', '/admin/usage', { token, query: { period } }),
  users: (tenantId: string, limit: number, after?: string) =>
    requestJson<CountedPage<User>>('billing', `/admin/tenants/${tenantId}/users`, { token, query: { limit, after } }),
  createUser: (tenantId: string, email: string, password: string) =>
    requestJson<User>('billing', `/admin/tenants/${tenantId}/users`, { token, body: { email, password } }),
  apiKeys: (tenantId: string, limit: number, after?: string) =>
    requestJson<CountedPage<ApiKey>>('billing', `/admin/tenants/${tenantId}/api-keys`, { token, query: { limit, after } }),
  issueApiKey: (tenantId: string, body: { name: string; scopes: ApiKeyScope[]; expiresAt: string | null }) =>
    requestJson<IssuedApiKey>('billing', `/admin/tenants/${tenantId}/api-keys`, { token, body }),
  revokeApiKey: (tenantId: string, keyId: string) => requestJson<ApiKey>('billing', `/admin/tenants/${tenantId}/api-keys/${keyId}/revoke`, { token, method: 'POST' }),
  plans: (includeRetired: boolean, limit: number, after?: string) =>
    requestJson<CountedPage<Plan>>('billing', '/admin/plans', { token, query: { includeRetired, limit, after } }),
  plan: (id: string) => requestJson<Plan>('billing', `/admin/plans/${id}`, { token }),
  createPlan: (body: PlanTerms & { code: string }) => requestJson<Plan>('billing', '/admin/plans', { token, body }),
  addPlanVersion: (code: string, body: PlanTerms) => requestJson<Plan>('billing', `/admin/plans/${encodeURIComponent(code)}/versions`, { token, body }),
  retirePlan: (id: string) => requestJson<Plan>('billing', `/admin/plans/${id}/retire`, { token, method: 'POST' }),
  subscriptions: (tenantId: string, limit: number, after?: string) =>
    requestJson<CountedPage<Subscription>>('billing', `/admin/tenants/${tenantId}/subscriptions`, { token, query: { limit, after } }),
  changeSubscription: (tenantId: string, body: { planId: string; startsOn?: string }) =>
    requestJson<Subscription>('billing', `/admin/tenants/${tenantId}/subscription`, { token, method: 'PUT', body }),
  cancelSubscription: (tenantId: string, endsOn?: string) =>
    requestJson<Subscription>('billing', `/admin/tenants/${tenantId}/subscription/cancel`, { token, body: endsOn ? { endsOn } : {} }),
  usage: (tenantId: string, period: string) => requestJson<UsageReport>('billing', `/admin/tenants/${tenantId}/usage`, { token, query: { period } }),
  quota: (tenantId: string) => requestJson<Quota>('billing', `/admin/tenants/${tenantId}/quota`, { token }),
  invoices: (filter: { tenantId?: string; period?: string }, limit: number, after?: string) =>
    requestJson<CountedPage<Invoice>>('billing', '/admin/invoices', { token, query: { ...filter, limit, after } }),
  invoice: (id: string) => requestJson<Invoice>('billing', `/admin/invoices/${id}`, { token }),
  generateInvoice: (tenantId: string, period: string) => requestJson<Invoice>('billing', '/admin/invoices', { token, body: { tenantId, period } }),
  invoiceAction: (id: string, action: 'issue' | 'pay' | 'void') => requestJson<Invoice>('billing', `/admin/invoices/${id}/${action}`, { token, method: 'POST' }),
  invoiceDocumentPath: (id: string) => `/admin/invoices/${id}`,
});
export type AdminApi = ReturnType<typeof adminApi>;

/** Tenant calls: a tenant user's session token (billing's /v1 accepts it like the tenant's API keys). */
export const tenantBillingApi = (token: string) => ({
  tenant: () => requestJson<Tenant>('billing', '/v1/tenant', { token }),
  issueApiKey: (body: { name: string; scopes: ApiKeyScope[]; expiresAt: string | null }) => requestJson<IssuedApiKey>('billing', '/v1/api-keys', { token, body }),
  revokeApiKey: (keyId: string) => requestJson<ApiKey>('billing', `/v1/api-keys/${keyId}/revoke`, { token, method: 'POST' }),
  usage: (period: string) => requestJson<UsageReport>('billing', '/v1/usage', { token, query: { period } }),
  quota: () => requestJson<Quota>('billing', '/v1/quota', { token }),
  subscription: () => requestJson<Subscription>('billing', '/v1/subscription', { token }),
  /** The newest 100 invoices (over eight years of monthly ones): billing's lists answer pages. */
  invoices: () => requestJson<CountedPage<Invoice>>('billing', '/v1/invoices', { token, query: { limit: 100 } }).then((page) => page.data),
  invoice: (id: string) => requestJson<Invoice>('billing', `/v1/invoices/${id}`, { token }),
  invoiceDocumentPath: (id: string) => `/v1/invoices/${id}`,
});
export type TenantBillingApi = ReturnType<typeof tenantBillingApi>;
