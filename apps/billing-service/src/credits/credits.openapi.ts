import { listQuerySchema, RouteDoc, undescribedAnswer } from '@llmchain/platform';
import { creditHistoryQuerySchema, creditSettingsSchema, grantCreditsSchema } from './credits.dto';

/** credits.controller.ts */
export const CREDITS_ROUTES: readonly RouteDoc[] = [
  { method: 'GET', path: '/admin/tenants/:tenantId/credits', summary: 'Balance (credits)', caller: 'admin', auth: 'admin session', query: creditHistoryQuerySchema, responses: { 200: { description: 'OK', json: undescribedAnswer } } },
  { method: 'POST', path: '/admin/tenants/:tenantId/credits/grants', summary: 'Grant (grants)', caller: 'admin', auth: 'admin session', body: grantCreditsSchema, responses: { 201: { description: 'OK', json: undescribedAnswer } } },
  { method: 'GET', path: '/admin/tenants/:tenantId/credits/grants', summary: 'Grants (grants)', caller: 'admin', auth: 'admin session', query: listQuerySchema, responses: { 200: { description: 'OK', json: undescribedAnswer } } },
  { method: 'POST', path: '/admin/tenants/:tenantId/credits/grants/:grantId/void', summary: 'Void (void)', caller: 'admin', auth: 'admin session', responses: { 201: { description: 'OK', json: undescribedAnswer } } },
  { method: 'PUT', path: '/admin/tenants/:tenantId/credits/settings', summary: 'Configure (settings)', caller: 'admin', auth: 'admin session', body: creditSettingsSchema, responses: { 200: { description: 'OK', json: undescribedAnswer } } },
  { method: 'GET', path: '/v1/credits', summary: 'Balance (credits)', caller: 'tenant', auth: 'tenant key', query: creditHistoryQuerySchema, responses: { 200: { description: 'OK', json: undescribedAnswer } } },
];
