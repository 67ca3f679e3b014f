import { listPageOf, listQuerySchema, RouteDoc } from '@llmchain/platform';
import { createApiKeySchema } from './api-keys.dto';
import { apiKeySchema, createdApiKeySchema } from './api-keys.schemas';

const SECRET_ONCE = 'The answer holds the secret (`key`), shown this once: billing keeps only its hash.';
const TENANT_MANAGER = 'Needs a signed-in tenant user’s session key or an API key with the `keys` scope (403 otherwise).';
const REVOKE_TWICE = 'Every service refuses the key from then on; revoking twice returns the key as it is.';

/** api-keys.controller.ts */
export const API_KEYS_ROUTES: readonly RouteDoc[] = [
  { method: 'POST', path: '/admin/tenants/:tenantId/api-keys', summary: 'Mint an API key for a tenant', description: SECRET_ONCE, caller: 'admin', auth: 'admin session', body: createApiKeySchema, responses: { 201: { description: 'The key with its secret', json: createdApiKeySchema } } },
  { method: 'GET', path: '/admin/tenants/:tenantId/api-keys', summary: 'List a tenant’s API keys', caller: 'admin', auth: 'admin session', query: listQuerySchema, responses: { 200: { description: 'A page of keys, oldest first, without their secrets', json: listPageOf(apiKeySchema) } } },
  { method: 'POST', path: '/admin/tenants/:tenantId/api-keys/:keyId/revoke', summary: 'Revoke a tenant’s API key', description: REVOKE_TWICE, caller: 'admin', auth: 'admin session', responses: { 201: { description: 'The revoked key', json: apiKeySchema } } },
  { method: 'POST', path: '/v1/api-keys', summary: 'Mint an API key', description: `${SECRET_ONCE} ${TENANT_MANAGER} A key cannot grant scopes it does not hold.`, caller: 'tenant', auth: 'tenant key', body: createApiKeySchema, responses: { 201: { description: 'The key with its secret', json: createdApiKeySchema } } },
  { method: 'GET', path: '/v1/api-keys', summary: 'List your API keys', description: TENANT_MANAGER, caller: 'tenant', auth: 'tenant key', query: listQuerySchema, responses: { 200: { description: 'A page of keys, oldest first, without their secrets', json: listPageOf(apiKeySchema) } } },
  { method: 'POST', path: '/v1/api-keys/:keyId/revoke', summary: 'Revoke one of your API keys', description: `${REVOKE_TWICE} ${TENANT_MANAGER}`, caller: 'tenant', auth: 'tenant key', responses: { 201: { description: 'The revoked key', json: apiKeySchema } } },
];
