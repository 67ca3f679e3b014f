// Wire types billing-service declares, imported as types only (nothing of the client reaches the bundle).
import type { BillingPaths, BillingSchemas } from '../../../../libs/api-client/src';
import { CountedPage, requestJson, send } from './http';

/** A JSON request body billing's document declares for a route. */
type RequestBody<Path extends keyof BillingPaths, Method extends 'post' | 'put' | 'patch'> = BillingPaths[Path][Method] extends { requestBody: { content: { 'application/json': infer Body } } } ? Body : never;

export type Tenant = BillingSchemas['Tenant'];
export type TenantEdit = RequestBody<'/admin/tenants/{tenantId}', 'patch'>;
export type TenantFilter = { q?: string; status?: Tenant['status'] };
export type User = BillingSchemas['User'];
export type ApiKey = BillingSchemas['ApiKey'];
export type ApiKeyScope = ApiKey['scopes'][number];
export type IssuedApiKey = BillingSchemas['CreatedApiKey'];
export type NewApiKey = RequestBody<'/v1/api-keys', 'post'>;

export type Plan = BillingSchemas['Plan'];
/** The meters a plan prices with tiers of their own (the batch meters are priced through prompt and completion). */
export type Meter = keyof Plan['prices'];
export const METERS: Meter[] = ['prompt', 'completion', 'training'];
export type PriceTier = Plan['prices'][Meter][number];
export type PlanTerms = RequestBody<'/admin/plans/{code}/versions', 'post'>;
export type NewPlan = RequestBody<'/admin/plans', 'post'>;
export type Subscription = BillingSchemas['Subscription'];

export type UsageReport = BillingSchemas['UsageReport'];
export type PlatformUsage = BillingSchemas['PlatformUsageReport'];
export type Quota = BillingSchemas['Quota'];

export type Invoice = BillingSchemas['Invoice'];
export type InvoiceLine = Invoice['lines'][number];
/** An invoice as lists answer it: without its lines (GET the invoice for them). */
export type InvoiceSummary = BillingSchemas['InvoiceSummary'];

export type Login = BillingSchemas['Session'];

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
  issueApiKey: (tenantId: string, body: NewApiKey) =>
    requestJson<IssuedApiKey>('billing', `/admin/tenants/${tenantId}/api-keys`, { token, body }),
  revokeApiKey: (tenantId: string, keyId: string) => requestJson<ApiKey>('billing', `/admin/tenants/${tenantId}/api-keys/${keyId}/revoke`, { token, method: 'POST' }),
  plans: (includeRetired: boolean, limit: number, after?: string) =>
    requestJson<CountedPage<Plan>>('billing', '/admin/plans', { token, query: { includeRetired, limit, after } }),
  plan: (id: string) => requestJson<Plan>('billing', `/admin/plans/${id}`, { token }),
  createPlan: (body: NewPlan) => requestJson<Plan>('billing', '/admin/plans', { token, body }),
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
    requestJson<CountedPage<InvoiceSummary>>('billing', '/admin/invoices', { token, query: { ...filter, limit, after } }),
  invoice: (id: string) => requestJson<Invoice>('billing', `/admin/invoices/${id}`, { token }),
  generateInvoice: (tenantId: string, period: string) => requestJson<Invoice>('billing', '/admin/invoices', { token, body: { tenantId, period } }),
  invoiceAction: (id: string, action: 'issue' | 'pay' | 'void') => requestJson<Invoice>('billing', `/admin/invoices/${id}/${action}`, { token, method: 'POST' }),
  invoiceDocumentPath: (id: string) => `/admin/invoices/${id}`,
});
export type AdminApi = ReturnType<typeof adminApi>;

/** Tenant calls: a tenant user's session token (billing's /v1 accepts it like the tenant's API keys). */
export const tenantBillingApi = (token: string) => ({
  tenant: () => requestJson<Tenant>('billing', '/v1/tenant', { token }),
  issueApiKey: (body: NewApiKey) => requestJson<IssuedApiKey>('billing', '/v1/api-keys', { token, body }),
  revokeApiKey: (keyId: string) => requestJson<ApiKey>('billing', `/v1/api-keys/${keyId}/revoke`, { token, method: 'POST' }),
  usage: (period: string) => requestJson<UsageReport>('billing', '/v1/usage', { token, query: { period } }),
  quota: () => requestJson<Quota>('billing', '/v1/quota', { token }),
  subscription: () => requestJson<Subscription>('billing', '/v1/subscription', { token }),
  /** The newest 100 invoices (over eight years of monthly ones): billing's lists answer pages. */
  invoices: () => requestJson<CountedPage<InvoiceSummary>>('billing', '/v1/invoices', { token, query: { limit: 100 } }).then((page) => page.data),
  invoice: (id: string) => requestJson<Invoice>('billing', `/v1/invoices/${id}`, { token }),
  invoiceDocumentPath: (id: string) => `/v1/invoices/${id}`,
});
export type TenantBillingApi = ReturnType<typeof tenantBillingApi>;
