import { buildOpenApiDocument, OPERATIONAL_ROUTES, platformErrorSchema } from '@llmchain/platform';
import { API_KEYS_ROUTES } from '../api-keys/api-keys.openapi';
import { AUTH_ROUTES } from '../auth/auth.openapi';
import { BUDGET_ALERTS_ROUTES } from '../budgets/budget-alerts.openapi';
import { BUDGETS_ROUTES } from '../budgets/budgets.openapi';
import { CREDITS_ROUTES } from '../credits/credits.openapi';
import { INVOICE_USAGE_ROUTES } from '../invoice-usage/invoice-usage.openapi';
import { INVOICES_ROUTES } from '../invoices/invoices.openapi';
import { PLANS_ROUTES } from '../plans/plans.openapi';
import { QUOTA_ROUTES } from '../quota/quota.openapi';
import { SUBSCRIPTIONS_ROUTES } from '../subscriptions/subscriptions.openapi';
import { TENANTS_ROUTES } from '../tenants/tenants.openapi';
import { PLATFORM_USAGE_ROUTES } from '../usage/platform-usage.openapi';
import { USAGE_ROUTES } from '../usage/usage.openapi';
import { USERS_ROUTES } from '../users/users.openapi';
import { WEBHOOKS_ROUTES } from '../webhooks/webhooks.openapi';

/** billing-service’s OpenAPI 3.1 document, generated from the zod schemas its routes validate with; served at /openapi.json. */
export const billingOpenApiDocument = () =>
  buildOpenApiDocument({
    title: 'llmchain billing-service',
    version: '1.0.0',
    description: 'Tenants, users and sessions, API keys, plans and subscriptions, usage, quotas, budgets, credits, invoices and webhooks. Admin routes take a session token from POST /auth/login; tenant routes an API key.',
    errorSchema: platformErrorSchema,
    routes: [...API_KEYS_ROUTES, ...AUTH_ROUTES, ...BUDGETS_ROUTES, ...BUDGET_ALERTS_ROUTES, ...CREDITS_ROUTES, ...INVOICE_USAGE_ROUTES, ...INVOICES_ROUTES, ...PLANS_ROUTES, ...QUOTA_ROUTES, ...SUBSCRIPTIONS_ROUTES, ...TENANTS_ROUTES, ...PLATFORM_USAGE_ROUTES, ...USAGE_ROUTES, ...USERS_ROUTES, ...WEBHOOKS_ROUTES, ...OPERATIONAL_ROUTES],
  });
