import { listQuerySchema, RouteDoc, undescribedAnswer } from '@llmchain/platform';
import { createApiKeySchema } from './api-keys.dto';

/** api-keys.controller.ts */
export const API_KEYS_ROUTES: readonly RouteDoc[] = [
  { method: 'POST', path: '/admin/tenants/:tenantId/api-keys', summary: 'Create (api keys)', caller: 'admin', auth: 'admin session', body: createApiKeySchema, responses: { 201: { description: 'OK', json: undescribedAnswer } } },
  { method: 'GET', path: '/admin/tenants/:tenantId/api-keys', summary: 'List (api keys)', caller: 'admin', auth: 'admin session', query: listQuerySchema, responses: { 200: { description: 'OK', json: undescribedAnswer } } },
  { method: 'POST', path: '/admin/tenants/:tenantId/api-keys/:keyId/revoke', summary: 'Revoke (revoke)', caller: 'admin', auth: 'admin session', responses: { 201: { description: 'OK', json: undescribedAnswer } } },
  { method: 'POST', path: '/v1/api-keys', summary: 'Create (api keys)', caller: 'tenant', auth: 'tenant key', body: createApiKeySchema, responses: { 201: { description: 'OK', json: undescribedAnswer } } },
  { method: 'GET', path: '/v1/api-keys', summary: 'List (api keys)', caller: 'tenant', auth: 'tenant key', query: listQuerySchema, responses: { 200: { description: 'OK', json: undescribedAnswer } } },
  { method: 'POST', path: '/v1/api-keys/:keyId/revoke', summary: 'Revoke (revoke)', caller: 'tenant', auth: 'tenant key', responses: { 201: { description: 'OK', json: undescribedAnswer } } },
];
