import { RouteDoc, undescribedAnswer } from '@llmchain/platform';

/** quota.controller.ts */
export const QUOTA_ROUTES: readonly RouteDoc[] = [
  { method: 'GET', path: '/admin/tenants/:tenantId/quota', summary: 'Get (quota)', caller: 'admin', auth: 'admin session', responses: { 200: { description: 'OK', json: undescribedAnswer } } },
  { method: 'GET', path: '/v1/quota', summary: 'Get (quota)', caller: 'tenant', auth: 'tenant key', responses: { 200: { description: 'OK', json: undescribedAnswer } } },
];
