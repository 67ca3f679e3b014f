import { MODEL_ALIAS_NAME } from '@llmchain/contracts';
import { ServiceName } from '@llmchain/testing';
import { TenantResources } from './tenant-resources';

/**
 * Who may call a route: a tenant (API key), a platform admin (billing session), or anyone (health, probes, login,
 * the OpenAPI document, metrics).
 */
export type Audience = 'tenant' | 'admin' | 'open';

/**
 * How a tenant route keeps other tenants out, checked with tenant A's key against tenant B's resources:
 * - path: the path names B's resources (filled in by `params`): 404;
 * - body: the body names B's resources: 404;
 * - list: 200, listing none of B's ids;
 * - own: the route only ever touches the caller's own data and takes no id (why says which);
 * - elsewhere: B's resource is too costly to seed here (why says so); the named suite checks another tenant's key
 *   gets 404 on it and an empty list.
 */
export type Isolation = { kind: 'path' } | { kind: 'body' } | { kind: 'list' } | { kind: 'own'; why: string } | { kind: 'elsewhere'; suite: string; why: string };

/** What a route reads besides its path: a JSON body (valid example given), a multipart upload, or nothing. */
export type BodyKind = 'json' | 'multipart' | 'none';

export type Route = {
  service: ServiceName;
  method: string;
  /** Exactly as Nest maps it: `/corpora/:id`. */
  path: string;
  audience: Audience;
  isolation?: Isolation;
  /** Path parameters, naming the given tenant's resources. */
  params?: (r: TenantResources) => Record<string, string>;
  /**
   * The rule for names a tenant chooses, where the path takes such a name rather than an id: the fuzz sends no
   * "bad id" the rule accepts (`undefined` is a fine alias name, and PUT creates it).
   */
  pathName?: RegExp;
  body: BodyKind;
  /** A valid JSON body for the given tenant's resources (required when body is 'json'). */
  json?: (r: TenantResources) => Record<string, unknown>;
  /**
   * Bodies of the right shape that the route must still refuse (a value past what its storage or model holds): the
   * fuzz sends every one, beside the malformed variants it generates from `json`.
   */
  edges?: (r: TenantResources) => [what: string, body: Record<string, unknown>][];
  /**
   * Query parameters the route reads, each with a valid value, for the fuzz to spoil one at a time. Free-text
   * searches are left out: any text is a valid search.
   */
  query?: Record<string, string>;
};

const PLAN_TERMS = {
  name: 'Fuzz',
  currency: 'USD',
  monthlyFeeMinor: 100,
  includedTokens: '1000',
  requestsPerMinute: 60,
  tokensPerMinute: 6000,
  quotaMode: 'hard',
  prices: {
    prompt: [
      { upToTokens: 1000, unitPricePer1kMinor: 2 },
      { upToTokens: null, unitPricePer1kMinor: 1 },
    ],
    completion: [{ upToTokens: null, unitPricePer1kMinor: 3 }],
    training: [{ upToTokens: null, unitPricePer1kMinor: '4' }],
  },
};

const tenant = (r: TenantResources) => ({ tenantId: r.tenantId });
const tenantUser = (r: TenantResources) => ({ tenantId: r.tenantId, userId: r.tenantUserId });
const admin = (r: TenantResources) => ({ userId: r.adminUserId });
const job = (r: TenantResources) => ({ id: r.trainingJobId });
const evalOf = (r: TenantResources) => ({ id: r.evalId });
const alias = (r: TenantResources) => ({ name: r.modelAliasName });
const evalRunOf = (r: TenantResources) => ({ id: r.evalId, runId: r.evalRunId });
const PAGE = { limit: '5' };
const invoice = (r: TenantResources) => ({ invoiceId: r.invoiceId });
const grant = (r: TenantResources) => ({ tenantId: r.tenantId, grantId: r.creditGrantId });
const budget = (r: TenantResources) => ({ tenantId: r.tenantId, budgetId: r.budgetId });
const BUDGET = { name: 'fuzz', limitTokens: '5000', window: 'monthly', mode: 'soft', thresholds: [50, 100] };
const webhook = (r: TenantResources) => ({ id: r.webhookEndpointId });
const webhookDelivery = (r: TenantResources) => ({ id: r.webhookEndpointId, deliveryId: r.webhookDeliveryId });
const LAST_YEAR = `${new Date().getUTCFullYear() - 1}`;

/** billing-service's webhook endpoints and their delivery logs. */
const webhookRoutes = (): Route[] => {
  const endpoint = '/v1/webhooks/endpoints/:id';
  const path = (method: string, subpath: string, params = webhook): Route => ({ service: 'billing-service', method, path: `${endpoint}${subpath}`, audience: 'tenant', isolation: { kind: 'path' }, params, body: 'none' });
  return [
    { service: 'billing-service', method: 'GET', path: '/v1/webhooks/event-types', audience: 'tenant', isolation: { kind: 'own', why: 'the platform\'s event types' }, body: 'none' },
    {
      service: 'billing-service',
      method: 'POST',
      path: '/v1/webhooks/endpoints',
      audience: 'tenant',
      isolation: { kind: 'own', why: 'creates an endpoint for the calling tenant' },
      body: 'json',
      json: () => ({ url: 'http://127.0.0.1:9/fuzz', eventTypes: ['invoice.issued'], description: 'fuzz' }),
      edges: () => [['a link-local target', { url: 'http://169.254.169.254/latest/meta-data', eventTypes: ['invoice.issued'] }]],
    },
    { service: 'billing-service', method: 'GET', path: '/v1/webhooks/endpoints', audience: 'tenant', isolation: { kind: 'list' }, body: 'none', query: PAGE },
    path('GET', ''),
    { ...path('PATCH', ''), body: 'json', json: () => ({ description: 'fuzz' }), edges: () => [['a link-local target', { url: 'http://169.254.169.254/' }]] },
    path('POST', '/disable'),
    path('POST', '/enable'),
    path('DELETE', ''),
    { ...path('POST', '/rotate-secret'), body: 'json', json: () => ({ overlapSeconds: 60 }), edges: () => [['an overlap past 7 days', { overlapSeconds: 604_801 }]] },
    { ...path('GET', '/deliveries'), query: { ...PAGE, status: 'failed' } },
    path('GET', '/deliveries/:deliveryId', webhookDelivery),
    path('POST', '/deliveries/:deliveryId/redeliver', webhookDelivery),
  ];
};

/** data-service's connectors (imports, object storage, crawls, their runs) and quality classifiers. */
const connectorRoutes = (): Route[] => {
  const data = (route: Omit<Route, 'service' | 'audience'>): Route => ({ service: 'data-service', audience: 'tenant', ...route });
  const run = (r: TenantResources) => ({ id: r.connectorRunId });
  const classifierSuite = 'tests/data/quality-classifier.e2e.spec.ts';
  const classifierWhy = 'a classifier needs 20 approved labels, more documents than the chain seeds';
  return [
    data({ method: 'POST', path: '/connectors/imports', isolation: { kind: 'own', why: 'imports into the calling tenant' }, body: 'multipart', query: { format: 'csv', text: 'text' } }),
    data({
      method: 'POST',
      path: '/connectors/object-storage',
      isolation: { kind: 'own', why: 'imports a bucket the caller names into the calling tenant' },
      body: 'json',
      // A loopback endpoint: refused by the address policy (the chain does not allow private targets).
      json: () => ({ endpoint: 'http://127.0.0.1:9', bucket: 'fuzz-bucket', access_key_id: 'fuzz', secret_access_key: 'fuzz-secret' }),
    }),
    data({ method: 'POST', path: '/connectors/crawls', isolation: { kind: 'own', why: 'queues a crawl for the calling tenant' }, body: 'json', json: () => ({ seeds: ['http://127.0.0.1:9/'] }) }),
    data({ method: 'GET', path: '/connectors/runs', isolation: { kind: 'list' }, body: 'none' }),
    data({ method: 'GET', path: '/connectors/runs/:id', isolation: { kind: 'path' }, params: run, body: 'none' }),
    // The seeded run is a finished import: cancelling it is a 409 for its tenant, a 404 for any other.
    data({ method: 'POST', path: '/connectors/runs/:id/cancel', isolation: { kind: 'path' }, params: run, body: 'none' }),
    data({
      method: 'POST',
      path: '/quality-classifiers',
      isolation: { kind: 'body' },
      body: 'json',
      // The seeded project has one unreviewed label: its own tenant gets 400 (too few), another tenant 404.
      json: (r) => ({ projectId: r.annotationProjectId, goodLabels: ['keep'], badLabels: ['drop'] }),
    }),
    data({ method: 'GET', path: '/quality-classifiers', isolation: { kind: 'elsewhere', suite: classifierSuite, why: classifierWhy }, body: 'none' }),
    // No tenant's: the fuzz spoils this id, and its suite checks the 404 on a real classifier of another tenant.
    data({ method: 'GET', path: '/quality-classifiers/:id', isolation: { kind: 'elsewhere', suite: classifierSuite, why: classifierWhy }, params: () => ({ id: '5f0c6f4e-0000-4000-8000-000000000000' }), body: 'none' }),
  ];
};

/** The platform's operational routes, served by every service alike. */
const operations = (service: ServiceName): Route[] => [
  { service, method: 'GET', path: '/health/live', audience: 'open', body: 'none' },
  { service, method: 'GET', path: '/health/ready', audience: 'open', body: 'none' },
  { service, method: 'POST', path: '/diagnostics/probes', audience: 'open', body: 'json', json: () => ({ to: service, count: 2, note: 'fuzz' }) },
  { service, method: 'GET', path: '/diagnostics/probes', audience: 'open', body: 'none', query: { from: 'billing-service', limit: '5' } },
  { service, method: 'GET', path: '/openapi.json', audience: 'open', body: 'none' },
  { service, method: 'GET', path: '/metrics', audience: 'open', body: 'none' },
];

/** Aliases are named per tenant: B's alias name from A's key is no alias of A's (404), B's model in a body a 404 too. */
const modelAliasRoutes = (): Route[] => [
  { service: 'training-service', method: 'GET', path: '/v1/model-aliases', audience: 'tenant', isolation: { kind: 'list' }, body: 'none', query: PAGE },
  { service: 'training-service', method: 'GET', path: '/v1/model-aliases/:name', audience: 'tenant', isolation: { kind: 'path' }, params: alias, pathName: MODEL_ALIAS_NAME, body: 'none' },
  {
    service: 'training-service',
    method: 'PUT',
    path: '/v1/model-aliases/:name',
    audience: 'tenant',
    isolation: { kind: 'body' },
    params: alias,
    pathName: MODEL_ALIAS_NAME,
    body: 'json',
    json: (r) => ({ targets: [{ modelId: r.trainedModelId, weight: 100 }] }),
    edges: (r) => [
      ['weights that do not sum to 100', { targets: [{ modelId: r.trainedModelId, weight: 60 }, { modelId: r.adapterModelId, weight: 50 }] }],
      ['one version twice', { targets: [{ modelId: r.trainedModelId, weight: 50 }, { modelId: r.trainedModelId, weight: 50 }] }],
      ['three versions', { targets: [{ modelId: r.trainedModelId, weight: 40 }, { modelId: r.adapterModelId, weight: 30 }, { modelId: r.trainedModelId, weight: 30 }] }],
      ['a version no model has', { targets: [{ modelId: '00000000-0000-4000-8000-000000000000', weight: 100 }] }],
    ],
  },
  { service: 'training-service', method: 'POST', path: '/v1/model-aliases/:name/rollback', audience: 'tenant', isolation: { kind: 'path' }, params: alias, pathName: MODEL_ALIAS_NAME, body: 'none' },
  { service: 'training-service', method: 'GET', path: '/v1/model-aliases/:name/changes', audience: 'tenant', isolation: { kind: 'path' }, params: alias, pathName: MODEL_ALIAS_NAME, body: 'none', query: { limit: '5' } },
  { service: 'training-service', method: 'DELETE', path: '/v1/model-aliases/:name', audience: 'tenant', isolation: { kind: 'path' }, params: alias, pathName: MODEL_ALIAS_NAME, body: 'none' },
];

/**
 * Every HTTP route of every service. The isolation test fails when a running service maps a route missing here (or
 * this table names one no service maps), so a new endpoint cannot escape the isolation and fuzz checks.
 */
export const ROUTES: readonly Route[] = [
  // billing-service
  ...operations('billing-service'),
  { service: 'billing-service', method: 'POST', path: '/auth/login', audience: 'open', body: 'json', json: () => ({ email: 'nobody@chain.test', password: 'a password' }) },
  { service: 'billing-service', method: 'POST', path: '/auth/logout', audience: 'open', body: 'none' },
  {
    service: 'billing-service',
    method: 'POST',
    path: '/admin/tenants',
    audience: 'admin',
    body: 'json',
    json: () => ({ name: 'Fuzz tenant', contactEmail: 'ops@fuzz.test', billingEmail: null }),
  },
  { service: 'billing-service', method: 'GET', path: '/admin/tenants', audience: 'admin', body: 'none', query: { status: 'active', ...PAGE } },
  { service: 'billing-service', method: 'GET', path: '/admin/tenants/:tenantId', audience: 'admin', params: tenant, body: 'none' },
  { service: 'billing-service', method: 'PATCH', path: '/admin/tenants/:tenantId', audience: 'admin', params: tenant, body: 'json', json: () => ({ name: 'Renamed' }) },
  { service: 'billing-service', method: 'DELETE', path: '/admin/tenants/:tenantId', audience: 'admin', params: tenant, body: 'none' },
  { service: 'billing-service', method: 'POST', path: '/admin/tenants/:tenantId/suspend', audience: 'admin', params: tenant, body: 'json', json: () => ({ reason: 'unpaid' }) },
  { service: 'billing-service', method: 'POST', path: '/admin/tenants/:tenantId/reactivate', audience: 'admin', params: tenant, body: 'json', json: () => ({ reason: 'paid' }) },
  {
    service: 'billing-service',
    method: 'POST',
    path: '/admin/tenants/:tenantId/users',
    audience: 'admin',
    params: tenant,
    body: 'json',
    json: () => ({ email: 'user@chain.test', password: 'twelve chars or more' }),
  },
  { service: 'billing-service', method: 'GET', path: '/admin/tenants/:tenantId/users', audience: 'admin', params: tenant, body: 'none', query: PAGE },
  { service: 'billing-service', method: 'GET', path: '/admin/tenants/:tenantId/users/:userId', audience: 'admin', params: tenantUser, body: 'none' },
  {
    service: 'billing-service',
    method: 'PATCH',
    path: '/admin/tenants/:tenantId/users/:userId',
    audience: 'admin',
    params: tenantUser,
    body: 'json',
    json: () => ({ email: 'renamed@chain.test' }),
  },
  { service: 'billing-service', method: 'POST', path: '/admin/tenants/:tenantId/users/:userId/deactivate', audience: 'admin', params: tenantUser, body: 'none' },
  { service: 'billing-service', method: 'POST', path: '/admin/tenants/:tenantId/users/:userId/reactivate', audience: 'admin', params: tenantUser, body: 'none' },
  {
    service: 'billing-service',
    method: 'POST',
    path: '/admin/tenants/:tenantId/users/:userId/password',
    audience: 'admin',
    params: tenantUser,
    body: 'json',
    json: () => ({ password: 'another long password' }),
  },
  { service: 'billing-service', method: 'DELETE', path: '/admin/tenants/:tenantId/users/:userId', audience: 'admin', params: tenantUser, body: 'none' },
  { service: 'billing-service', method: 'POST', path: '/admin/admins', audience: 'admin', body: 'json', json: () => ({ email: 'admin2@chain.test', password: 'twelve chars or more' }) },
  { service: 'billing-service', method: 'GET', path: '/admin/admins', audience: 'admin', body: 'none', query: PAGE },
  { service: 'billing-service', method: 'GET', path: '/admin/admins/:userId', audience: 'admin', params: admin, body: 'none' },
  { service: 'billing-service', method: 'PATCH', path: '/admin/admins/:userId', audience: 'admin', params: admin, body: 'json', json: () => ({ email: 'renamed-admin@chain.test' }) },
  { service: 'billing-service', method: 'POST', path: '/admin/admins/:userId/deactivate', audience: 'admin', params: admin, body: 'none' },
  { service: 'billing-service', method: 'POST', path: '/admin/admins/:userId/reactivate', audience: 'admin', params: admin, body: 'none' },
  {
    service: 'billing-service',
    method: 'POST',
    path: '/admin/admins/:userId/password',
    audience: 'admin',
    params: admin,
    body: 'json',
    json: () => ({ password: 'another long password' }),
  },
  { service: 'billing-service', method: 'DELETE', path: '/admin/admins/:userId', audience: 'admin', params: admin, body: 'none' },
  { service: 'billing-service', method: 'GET', path: '/admin/usage', audience: 'admin', body: 'none', query: { from: '2024-01-01', to: '2024-01-31', top: '5' } },
  {
    service: 'billing-service',
    method: 'POST',
    path: '/admin/tenants/:tenantId/api-keys',
    audience: 'admin',
    params: tenant,
    body: 'json',
    json: () => ({ name: 'fuzz', scopes: ['data'], expiresAt: '2099-01-01T00:00:00Z' }),
  },
  {
    service: 'billing-service',
    method: 'GET',
    path: '/admin/tenants/:tenantId/api-keys',
    audience: 'admin',
    params: tenant,
    body: 'none',
    query: { limit: '5', after: '00000000-0000-4000-8000-000000000000' },
  },
  {
    service: 'billing-service',
    method: 'POST',
    path: '/admin/tenants/:tenantId/api-keys/:keyId/revoke',
    audience: 'admin',
    params: (r) => ({ tenantId: r.tenantId, keyId: r.apiKeyId }),
    body: 'none',
  },
  {
    service: 'billing-service',
    method: 'POST',
    path: '/admin/plans',
    audience: 'admin',
    body: 'json',
    json: () => ({ code: 'fuzz', ...PLAN_TERMS }),
    edges: () => [
      ['requestsPerMinute past a Postgres integer', { code: 'fuzz', ...PLAN_TERMS, requestsPerMinute: 2 ** 31 }],
      ['tokensPerMinute past a Postgres integer', { code: 'fuzz', ...PLAN_TERMS, tokensPerMinute: 2 ** 31 }],
    ],
  },
  { service: 'billing-service', method: 'POST', path: '/admin/plans/:code/versions', audience: 'admin', params: (r) => ({ code: r.planCode }), body: 'json', json: () => PLAN_TERMS },
  { service: 'billing-service', method: 'GET', path: '/admin/plans', audience: 'admin', body: 'none', query: { includeRetired: 'true', ...PAGE } },
  { service: 'billing-service', method: 'GET', path: '/admin/plans/:planId', audience: 'admin', params: (r) => ({ planId: r.planId }), body: 'none' },
  { service: 'billing-service', method: 'POST', path: '/admin/plans/:planId/retire', audience: 'admin', params: (r) => ({ planId: r.planId }), body: 'none' },
  {
    service: 'billing-service',
    method: 'PUT',
    path: '/admin/tenants/:tenantId/subscription',
    audience: 'admin',
    params: tenant,
    body: 'json',
    json: (r) => ({ planId: r.planId, startsOn: '2099-01-01' }),
  },
  {
    service: 'billing-service',
    method: 'POST',
    path: '/admin/tenants/:tenantId/subscription/cancel',
    audience: 'admin',
    params: tenant,
    body: 'json',
    json: () => ({ endsOn: '2099-01-01' }),
  },
  { service: 'billing-service', method: 'GET', path: '/admin/tenants/:tenantId/subscriptions', audience: 'admin', params: tenant, body: 'none', query: PAGE },
  { service: 'billing-service', method: 'GET', path: '/admin/tenants/:tenantId/usage', audience: 'admin', params: tenant, body: 'none', query: { period: '2024-01' } },
  { service: 'billing-service', method: 'GET', path: '/admin/tenants/:tenantId/quota', audience: 'admin', params: tenant, body: 'none' },
  { service: 'billing-service', method: 'POST', path: '/admin/invoices', audience: 'admin', body: 'json', json: (r) => ({ tenantId: r.tenantId, period: `${LAST_YEAR}-01` }) },
  { service: 'billing-service', method: 'POST', path: '/admin/invoices/run', audience: 'admin', body: 'json', json: () => ({ period: `${LAST_YEAR}-02` }) },
  {
    service: 'billing-service',
    method: 'GET',
    path: '/admin/invoices',
    audience: 'admin',
    body: 'none',
    query: { tenantId: '00000000-0000-4000-8000-000000000000', period: '2024-01' },
  },
  { service: 'billing-service', method: 'GET', path: '/admin/invoices/:invoiceId', audience: 'admin', params: invoice, body: 'none' },
  { service: 'billing-service', method: 'GET', path: '/admin/invoices/:invoiceId/html', audience: 'admin', params: invoice, body: 'none' },
  { service: 'billing-service', method: 'GET', path: '/admin/invoices/:invoiceId/pdf', audience: 'admin', params: invoice, body: 'none' },
  { service: 'billing-service', method: 'POST', path: '/admin/invoices/:invoiceId/issue', audience: 'admin', params: invoice, body: 'none' },
  { service: 'billing-service', method: 'POST', path: '/admin/invoices/:invoiceId/pay', audience: 'admin', params: invoice, body: 'none' },
  { service: 'billing-service', method: 'POST', path: '/admin/invoices/:invoiceId/void', audience: 'admin', params: invoice, body: 'none' },
  { service: 'billing-service', method: 'GET', path: '/admin/invoices/:invoiceId/usage', audience: 'admin', params: invoice, body: 'none', query: { meter: 'prompt', ...PAGE } },
  { service: 'billing-service', method: 'GET', path: '/admin/tenants/:tenantId/invoices/upcoming', audience: 'admin', params: tenant, body: 'none' },
  {
    service: 'billing-service',
    method: 'GET',
    path: '/admin/tenants/:tenantId/invoices/upcoming/usage',
    audience: 'admin',
    params: tenant,
    body: 'none',
    query: { meter: 'completion', ...PAGE },
  },
  { service: 'billing-service', method: 'GET', path: '/v1/invoices', audience: 'tenant', isolation: { kind: 'list' }, body: 'none', query: PAGE },
  { service: 'billing-service', method: 'GET', path: '/v1/invoices/:invoiceId', audience: 'tenant', isolation: { kind: 'path' }, params: invoice, body: 'none' },
  { service: 'billing-service', method: 'GET', path: '/v1/invoices/:invoiceId/html', audience: 'tenant', isolation: { kind: 'path' }, params: invoice, body: 'none' },
  { service: 'billing-service', method: 'GET', path: '/v1/invoices/:invoiceId/pdf', audience: 'tenant', isolation: { kind: 'path' }, params: invoice, body: 'none' },
  {
    service: 'billing-service',
    method: 'GET',
    path: '/v1/invoices/:invoiceId/usage',
    audience: 'tenant',
    isolation: { kind: 'path' },
    params: invoice,
    body: 'none',
    query: { meter: 'training', ...PAGE },
  },
  {
    service: 'billing-service',
    method: 'GET',
    path: '/v1/invoices/upcoming',
    audience: 'tenant',
    isolation: { kind: 'own', why: "the calling tenant's open period" },
    body: 'none',
  },
  {
    service: 'billing-service',
    method: 'GET',
    path: '/v1/invoices/upcoming/usage',
    audience: 'tenant',
    isolation: { kind: 'own', why: "the calling tenant's open period" },
    body: 'none',
    query: { meter: 'prompt', ...PAGE },
  },
  { service: 'billing-service', method: 'GET', path: '/v1/usage', audience: 'tenant', isolation: { kind: 'own', why: 'the calling tenant\'s usage' }, body: 'none', query: { period: '2024-01' } },
  { service: 'billing-service', method: 'GET', path: '/admin/tenants/:tenantId/credits', audience: 'admin', params: tenant, body: 'none', query: PAGE },
  { service: 'billing-service', method: 'POST', path: '/admin/tenants/:tenantId/credits/grants', audience: 'admin', params: tenant, body: 'json', json: () => ({ tokens: 1_000, reason: 'fuzz', priority: 2 }) },
  { service: 'billing-service', method: 'GET', path: '/admin/tenants/:tenantId/credits/grants', audience: 'admin', params: tenant, body: 'none', query: PAGE },
  { service: 'billing-service', method: 'POST', path: '/admin/tenants/:tenantId/credits/grants/:grantId/void', audience: 'admin', params: grant, body: 'none' },
  {
    service: 'billing-service',
    method: 'PUT',
    path: '/admin/tenants/:tenantId/credits/settings',
    audience: 'admin',
    params: tenant,
    body: 'json',
    json: () => ({ lowBalanceThreshold: 100, topUp: { threshold: 50, tokens: 1_000, priceMinor: 10 } }),
  },
  { service: 'billing-service', method: 'POST', path: '/admin/tenants/:tenantId/budgets', audience: 'admin', params: tenant, body: 'json', json: () => BUDGET },
  { service: 'billing-service', method: 'GET', path: '/admin/tenants/:tenantId/budgets', audience: 'admin', params: tenant, body: 'none' },
  { service: 'billing-service', method: 'GET', path: '/admin/tenants/:tenantId/budgets/:budgetId', audience: 'admin', params: budget, body: 'none' },
  { service: 'billing-service', method: 'DELETE', path: '/admin/tenants/:tenantId/budgets/:budgetId', audience: 'admin', params: budget, body: 'none' },
  { service: 'billing-service', method: 'GET', path: '/v1/credits', audience: 'tenant', isolation: { kind: 'own', why: "the calling tenant's credits" }, body: 'none', query: PAGE },
  { service: 'billing-service', method: 'POST', path: '/v1/budgets', audience: 'tenant', isolation: { kind: 'body' }, body: 'json', json: (r) => ({ ...BUDGET, apiKeyId: r.apiKeyId }) },
  { service: 'billing-service', method: 'GET', path: '/v1/budgets', audience: 'tenant', isolation: { kind: 'list' }, body: 'none' },
  { service: 'billing-service', method: 'GET', path: '/v1/budgets/:budgetId', audience: 'tenant', isolation: { kind: 'path' }, params: (r) => ({ budgetId: r.budgetId }), body: 'none' },
  { service: 'billing-service', method: 'DELETE', path: '/v1/budgets/:budgetId', audience: 'tenant', isolation: { kind: 'path' }, params: (r) => ({ budgetId: r.budgetId }), body: 'none' },
  {
    service: 'billing-service',
    method: 'GET',
    path: '/v1/budget-alerts',
    audience: 'tenant',
    // Alerts need usage past a threshold, which the shared seeding does not send.
    isolation: { kind: 'elsewhere', suite: 'tests/billing/budget-alerts.e2e.spec.ts', why: 'an alert needs metered usage past a budget threshold' },
    body: 'none',
  },
  { service: 'billing-service', method: 'GET', path: '/v1/quota', audience: 'tenant', isolation: { kind: 'own', why: 'the calling tenant\'s quota' }, body: 'none' },
  {
    service: 'billing-service',
    method: 'POST',
    path: '/v1/api-keys',
    audience: 'tenant',
    isolation: { kind: 'own', why: 'creates a key for the calling tenant' },
    body: 'json',
    json: () => ({ name: 'fuzz', scopes: ['serving'] }),
  },
  { service: 'billing-service', method: 'GET', path: '/v1/api-keys', audience: 'tenant', isolation: { kind: 'list' }, body: 'none', query: PAGE },
  {
    service: 'billing-service',
    method: 'POST',
    path: '/v1/api-keys/:keyId/revoke',
    audience: 'tenant',
    isolation: { kind: 'path' },
    params: (r) => ({ keyId: r.apiKeyId }),
    body: 'none',
  },
  { service: 'billing-service', method: 'GET', path: '/v1/tenant', audience: 'tenant', isolation: { kind: 'own', why: 'the calling tenant' }, body: 'none' },
  {
    service: 'billing-service',
    method: 'GET',
    path: '/v1/subscription',
    audience: 'tenant',
    isolation: { kind: 'own', why: 'the calling tenant\'s subscription' },
    body: 'none',
  },
  ...webhookRoutes(),

  // data-service
  ...operations('data-service'),
  { service: 'data-service', method: 'POST', path: '/corpora', audience: 'tenant', isolation: { kind: 'own', why: 'uploads into the calling tenant' }, body: 'multipart', query: { split: 'file' } },
  { service: 'data-service', method: 'GET', path: '/corpora', audience: 'tenant', isolation: { kind: 'list' }, body: 'none' },
  { service: 'data-service', method: 'GET', path: '/corpora/:id', audience: 'tenant', isolation: { kind: 'path' }, params: (r) => ({ id: r.corpusId }), body: 'none' },
  ...connectorRoutes(),
  {
    service: 'data-service',
    method: 'POST',
    path: '/cleaning-runs',
    audience: 'tenant',
    isolation: { kind: 'body' },
    body: 'json',
    json: (r) => ({ corpusIds: [r.corpusId], datasetName: 'fuzz', settings: { quality: { minWords: 3 } } }),
  },
  { service: 'data-service', method: 'GET', path: '/cleaning-runs', audience: 'tenant', isolation: { kind: 'list' }, body: 'none', query: { limit: '5' } },
  { service: 'data-service', method: 'GET', path: '/cleaning-runs/:id', audience: 'tenant', isolation: { kind: 'path' }, params: (r) => ({ id: r.cleaningRunId }), body: 'none' },
  { service: 'data-service', method: 'GET', path: '/dataset-versions', audience: 'tenant', isolation: { kind: 'list' }, body: 'none', query: { limit: '5' } },
  { service: 'data-service', method: 'GET', path: '/dataset-versions/:id', audience: 'tenant', isolation: { kind: 'path' }, params: (r) => ({ id: r.datasetVersionId }), body: 'none' },
  {
    service: 'data-service',
    method: 'GET',
    path: '/dataset-versions/:id/manifest',
    audience: 'tenant',
    isolation: { kind: 'path' },
    params: (r) => ({ id: r.datasetVersionId }),
    body: 'none',
  },
  {
    service: 'data-service',
    method: 'GET',
    path: '/dataset-versions/:id/decisions',
    audience: 'tenant',
    isolation: { kind: 'path' },
    params: (r) => ({ id: r.datasetVersionId }),
    body: 'none',
  },
  {
    service: 'data-service',
    method: 'POST',
    path: '/dataset-versions/:id/contamination',
    audience: 'tenant',
    isolation: { kind: 'path' },
    params: (r) => ({ id: r.datasetVersionId }),
    body: 'json',
    // The tenant has one version: checked against itself the route answers 400, as every fuzz case must.
    json: (r) => ({ againstVersionId: r.datasetVersionId }),
  },
  {
    service: 'data-service',
    method: 'GET',
    path: '/dataset-versions/:id/contamination-reports',
    audience: 'tenant',
    isolation: { kind: 'path' },
    params: (r) => ({ id: r.datasetVersionId }),
    body: 'none',
  },
  {
    service: 'data-service',
    method: 'POST',
    path: '/annotation-projects',
    audience: 'tenant',
    isolation: { kind: 'body' },
    body: 'json',
    json: (r) => ({
      name: 'fuzz',
      sourceVersionId: r.datasetVersionId,
      labelSchema: { classes: ['a', 'b'], spanLabels: ['name'] },
      overlap: 2,
      instruction: 'Label it',
      maxDocuments: 2,
    }),
  },
  { service: 'data-service', method: 'GET', path: '/annotation-projects', audience: 'tenant', isolation: { kind: 'list' }, body: 'none', query: { limit: '5' } },
  {
    service: 'data-service',
    method: 'GET',
    path: '/annotation-projects/:id',
    audience: 'tenant',
    isolation: { kind: 'path' },
    params: (r) => ({ id: r.annotationProjectId }),
    body: 'none',
  },
  {
    service: 'data-service',
    method: 'GET',
    path: '/annotation-projects/:id/annotations',
    audience: 'tenant',
    isolation: { kind: 'path' },
    params: (r) => ({ id: r.annotationProjectId }),
    body: 'none',
    query: { reviewStatus: 'pending', limit: '5' },
  },
  {
    service: 'data-service',
    method: 'POST',
    path: '/annotation-projects/:id/hand-outs',
    audience: 'tenant',
    isolation: { kind: 'path' },
    params: (r) => ({ id: r.annotationProjectId }),
    body: 'json',
    json: () => ({ annotator: 'annotator-2', count: 1 }),
  },
  {
    service: 'data-service',
    method: 'POST',
    path: '/annotation-projects/:id/annotations',
    audience: 'tenant',
    isolation: { kind: 'path' },
    params: (r) => ({ id: r.annotationProjectId }),
    body: 'json',
    json: (r) => ({ taskId: r.annotationTaskId, annotator: 'annotator-1', label: 'drop', spans: [{ start: 0, end: 1, label: 'keep' }] }),
  },
  {
    service: 'data-service',
    method: 'POST',
    path: '/annotations/:id/review',
    audience: 'tenant',
    isolation: { kind: 'path' },
    params: (r) => ({ id: r.annotationId }),
    body: 'json',
    json: () => ({ reviewer: 'reviewer-1', decision: 'rejected', comment: 'wrong class' }),
  },
  {
    service: 'data-service',
    method: 'GET',
    path: '/annotation-projects/:id/agreement',
    audience: 'tenant',
    isolation: { kind: 'path' },
    params: (r) => ({ id: r.annotationProjectId }),
    body: 'none',
  },
  {
    service: 'data-service',
    method: 'POST',
    path: '/annotation-projects/:id/exports',
    audience: 'tenant',
    isolation: { kind: 'path' },
    params: (r) => ({ id: r.annotationProjectId }),
    body: 'json',
    json: () => ({ datasetName: 'fuzz-export', format: 'chat' }),
  },

  // serving-service
  ...operations('serving-service'),
  {
    service: 'serving-service',
    method: 'POST',
    path: '/v1/chat/completions',
    audience: 'tenant',
    isolation: { kind: 'body' },
    body: 'json',
    json: (r) => ({ model: r.modelName, messages: [{ role: 'user', content: 'the cat' }], max_tokens: 2, temperature: 0.5, stream: false }),
    edges: (r) => [
      ['a conversation past the context', { model: r.modelName, messages: [{ role: 'user', content: 'the cat '.repeat(2_000) }] }],
      ['streamed, with max_tokens past the context', { model: r.modelName, messages: [{ role: 'user', content: 'hi' }], max_tokens: 2 ** 31, stream: true }],
    ],
  },
  {
    service: 'serving-service',
    method: 'POST',
    path: '/v1/completions',
    audience: 'tenant',
    isolation: { kind: 'body' },
    body: 'json',
    json: (r) => ({ model: r.modelName, prompt: 'the cat', max_tokens: 2, n: 1 }),
    edges: (r) => [
      ['a token id past the vocabulary', { model: r.modelName, prompt: [1, 1_000_000], max_tokens: 1 }],
      ['max_tokens past the context', { model: r.modelName, prompt: 'the cat', max_tokens: 2 ** 31 }],
      ['n past its limit', { model: r.modelName, prompt: 'the cat', max_tokens: 1, n: 1_000 }],
    ],
  },
  {
    service: 'serving-service',
    method: 'POST',
    path: '/v1/embeddings',
    audience: 'tenant',
    isolation: { kind: 'body' },
    body: 'json',
    json: (r) => ({ model: r.modelName, input: ['the cat', 'the dog'], encoding_format: 'float' }),
    edges: (r) => [
      ['a token id past the vocabulary', { model: r.modelName, input: [[1, 1_000_000]] }],
      ['dimensions other than the model\'s width', { model: r.modelName, input: 'the cat', dimensions: 1_000_000 }],
      ['an input past the context', { model: r.modelName, input: 'the cat '.repeat(2_000) }],
    ],
  },
  { service: 'serving-service', method: 'GET', path: '/v1/models', audience: 'tenant', isolation: { kind: 'list' }, body: 'none' },
  { service: 'serving-service', method: 'GET', path: '/v1/models/:model', audience: 'tenant', isolation: { kind: 'path' }, params: (r) => ({ model: r.modelName }), body: 'none' },
  { service: 'serving-service', method: 'DELETE', path: '/v1/models/:model', audience: 'tenant', isolation: { kind: 'path' }, params: (r) => ({ model: r.modelName }), body: 'none' },
  { service: 'serving-service', method: 'POST', path: '/v1/files', audience: 'tenant', isolation: { kind: 'own', why: 'uploads into the calling tenant' }, body: 'multipart' },
  { service: 'serving-service', method: 'GET', path: '/v1/files', audience: 'tenant', isolation: { kind: 'list' }, body: 'none', query: PAGE },
  { service: 'serving-service', method: 'GET', path: '/v1/files/:id', audience: 'tenant', isolation: { kind: 'path' }, params: (r) => ({ id: r.batchFileId }), body: 'none' },
  { service: 'serving-service', method: 'GET', path: '/v1/files/:id/content', audience: 'tenant', isolation: { kind: 'path' }, params: (r) => ({ id: r.batchFileId }), body: 'none' },
  { service: 'serving-service', method: 'DELETE', path: '/v1/files/:id', audience: 'tenant', isolation: { kind: 'path' }, params: (r) => ({ id: r.batchFileId }), body: 'none' },
  {
    service: 'serving-service',
    method: 'POST',
    path: '/v1/batches',
    audience: 'tenant',
    isolation: { kind: 'body' },
    body: 'json',
    json: (r) => ({ input_file_id: r.batchFileId, endpoint: '/v1/completions', completion_window: '24h', metadata: { run: 'fuzz' } }),
  },
  { service: 'serving-service', method: 'GET', path: '/v1/batches', audience: 'tenant', isolation: { kind: 'list' }, body: 'none', query: PAGE },
  { service: 'serving-service', method: 'GET', path: '/v1/batches/:id', audience: 'tenant', isolation: { kind: 'path' }, params: (r) => ({ id: r.batchId }), body: 'none' },
  { service: 'serving-service', method: 'POST', path: '/v1/batches/:id/cancel', audience: 'tenant', isolation: { kind: 'path' }, params: (r) => ({ id: r.batchId }), body: 'none' },

  // training-service
  ...operations('training-service'),
  {
    service: 'training-service',
    method: 'POST',
    path: '/v1/training/jobs',
    audience: 'tenant',
    isolation: { kind: 'body' },
    body: 'json',
    json: (r) => ({
      kind: 'pretrain',
      datasetVersionId: r.datasetVersionId,
      model: { layers: 1, heads: 2, embeddingSize: 16, contextLength: 32, vocabSize: 300 },
      hyperparameters: { steps: 2, batchSize: 2, seed: 7, checkpointEvery: 1 },
      suffix: 'fuzz',
    }),
    edges: (r) => [
      ['a learning rate no model survives', { kind: 'pretrain', datasetVersionId: r.datasetVersionId, hyperparameters: { learningRate: 1e308 } }],
      ['a model past the memory budget', { kind: 'pretrain', datasetVersionId: r.datasetVersionId, model: { layers: 24, embeddingSize: 1024, contextLength: 2048 } }],
      ['a fine-tune of a model that does not exist', { kind: 'finetune', datasetVersionId: r.datasetVersionId, baseModelId: '00000000-0000-4000-8000-000000000000' }],
      ['a validation set that does not exist', { kind: 'pretrain', datasetVersionId: r.datasetVersionId, validationDatasetVersionId: '00000000-0000-4000-8000-000000000000' }],
      ['the training version as its own validation set', { kind: 'pretrain', datasetVersionId: r.datasetVersionId, validationDatasetVersionId: r.datasetVersionId }],
    ],
  },
  { service: 'training-service', method: 'GET', path: '/v1/training/jobs', audience: 'tenant', isolation: { kind: 'list' }, body: 'none', query: PAGE },
  { service: 'training-service', method: 'GET', path: '/v1/training/jobs/:id', audience: 'tenant', isolation: { kind: 'path' }, params: job, body: 'none' },
  {
    service: 'training-service',
    method: 'GET',
    path: '/v1/training/jobs/:id/events',
    audience: 'tenant',
    isolation: { kind: 'path' },
    params: job,
    body: 'none',
    query: { after: '0', limit: '10' },
  },
  { service: 'training-service', method: 'GET', path: '/v1/training/jobs/:id/checkpoints', audience: 'tenant', isolation: { kind: 'path' }, params: job, body: 'none' },
  { service: 'training-service', method: 'POST', path: '/v1/training/jobs/:id/cancel', audience: 'tenant', isolation: { kind: 'path' }, params: job, body: 'none' },
  { service: 'training-service', method: 'GET', path: '/v1/models', audience: 'tenant', isolation: { kind: 'list' }, body: 'none', query: PAGE },
  {
    service: 'training-service',
    method: 'POST',
    path: '/v1/models/imports',
    audience: 'tenant',
    // An upload is the caller's own bytes; a blob_key outside tenants/<caller>/ is refused (400) before anything is read.
    isolation: { kind: 'own', why: "imports the caller's upload or a folder under the caller's own blob prefix" },
    body: 'json',
    json: (r) => ({ blob_key: `tenants/${r.tenantId}/uploads/fuzz`, name: 'fuzz-import' }),
    edges: (r) => [
      ['a folder under another tenant', { blob_key: `tenants/not-${r.tenantId}/uploads/x` }],
      ['a folder climbing out of the tenant', { blob_key: `tenants/${r.tenantId}/../other/x` }],
      ['a platform base from a tenant that is not the operators', { blob_key: `tenants/${r.tenantId}/uploads/x`, platform: true }],
    ],
  },
  { service: 'training-service', method: 'GET', path: '/v1/models/imports/:id', audience: 'tenant', isolation: { kind: 'path' }, params: (r) => ({ id: r.importId }), body: 'none' },
  {
    service: 'training-service',
    method: 'POST',
    path: '/v1/models/:id/merge',
    audience: 'tenant',
    isolation: { kind: 'path' },
    params: (r) => ({ id: r.adapterModelId }),
    body: 'json',
    json: () => ({ name: 'fuzz-merged' }),
    edges: () => [
      ['a name with a space', { name: 'two words' }],
      ['an unknown field', { rank: 4 }],
    ],
  },
  { service: 'training-service', method: 'GET', path: '/v1/models/merges/:id', audience: 'tenant', isolation: { kind: 'path' }, params: (r) => ({ id: r.mergeId }), body: 'none' },
  {
    service: 'training-service',
    method: 'POST',
    path: '/v1/evals',
    audience: 'tenant',
    isolation: { kind: 'body' },
    body: 'json',
    json: (r) => ({
      name: 'fuzz',
      data_source_config: { type: 'dataset_version', dataset_version_id: r.datasetVersionId },
      testing_criteria: [{ type: 'string_check', name: 'has-e', input: '{{item.text}}', reference: 'e', operation: 'like' }],
    }),
    edges: (r) => [
      ['a template naming no item field', { name: 'x', data_source_config: { type: 'dataset_version', dataset_version_id: r.datasetVersionId }, testing_criteria: [{ type: 'string_check', name: 'a', input: '{{text}}', reference: 'e', operation: 'eq' }] }],
      ['a grader model that does not exist', { name: 'x', data_source_config: { type: 'dataset_version', dataset_version_id: r.datasetVersionId }, testing_criteria: [{ type: 'label_model', name: 'a', model: '00000000-0000-4000-8000-000000000000', input: 'x', labels: ['a', 'b'], passing_labels: ['a'] }] }],
    ],
  },
  { service: 'training-service', method: 'GET', path: '/v1/evals', audience: 'tenant', isolation: { kind: 'list' }, body: 'none', query: PAGE },
  { service: 'training-service', method: 'GET', path: '/v1/evals/:id', audience: 'tenant', isolation: { kind: 'path' }, params: evalOf, body: 'none' },
  { service: 'training-service', method: 'DELETE', path: '/v1/evals/:id', audience: 'tenant', isolation: { kind: 'path' }, params: evalOf, body: 'none' },
  {
    service: 'training-service',
    method: 'POST',
    path: '/v1/evals/:id/runs',
    audience: 'tenant',
    isolation: { kind: 'path' },
    params: evalOf,
    body: 'json',
    json: (r) => ({ data_source: { type: 'completions', model: r.trainedModelId } }),
    edges: (r) => [
      ['a model that does not exist', { data_source: { type: 'completions', model: '00000000-0000-4000-8000-000000000000' } }],
      ['more completion tokens than a run may ask', { data_source: { type: 'completions', model: r.trainedModelId, input_messages: { type: 'template', template: '{{item.text}}' }, sampling_params: { max_completion_tokens: 100000 } } }],
    ],
  },
  { service: 'training-service', method: 'GET', path: '/v1/evals/:id/runs', audience: 'tenant', isolation: { kind: 'path' }, params: evalOf, body: 'none', query: PAGE },
  { service: 'training-service', method: 'GET', path: '/v1/evals/:id/runs/:runId', audience: 'tenant', isolation: { kind: 'path' }, params: evalRunOf, body: 'none' },
  { service: 'training-service', method: 'POST', path: '/v1/evals/:id/runs/:runId/cancel', audience: 'tenant', isolation: { kind: 'path' }, params: evalRunOf, body: 'none' },
  { service: 'training-service', method: 'GET', path: '/v1/evals/:id/runs/:runId/output_items', audience: 'tenant', isolation: { kind: 'path' }, params: evalRunOf, body: 'none', query: PAGE },
  {
    service: 'training-service',
    method: 'GET',
    path: '/v1/evals/:id/runs/:runId/output_items/:itemId',
    audience: 'tenant',
    isolation: { kind: 'path' },
    params: (r) => ({ ...evalRunOf(r), itemId: r.evalOutputItemId }),
    body: 'none',
  },
  {
    service: 'training-service',
    method: 'GET',
    path: '/v1/models/:id',
    audience: 'tenant',
    isolation: { kind: 'path' },
    params: (r) => ({ id: r.trainedModelId }),
    body: 'none',
  },
  ...modelAliasRoutes(),
];

export const routeKey = (r: { service: string; method: string; path: string }) => `${r.service} ${r.method} ${r.path}`;

/** The route's path with its parameters filled in (each URL-encoded). */
export function fillPath(route: Route, values: Record<string, string>): string {
  return route.path.replace(/:(\w+)/g, (_, name: string) => {
    if (!(name in values)) throw new Error(`${routeKey(route)}: no value for :${name}`);
    return encodeURIComponent(values[name]);
  });
}
