import { RouteDoc, undescribedAnswer } from '@llmchain/platform';

/** usage.controller.ts */
export const USAGE_ROUTES: readonly RouteDoc[] = [
  { method: 'GET', path: '/admin/tenants/:tenantId/usage', summary: 'Get (usage)', caller: 'admin', auth: 'admin session', responses: { 200: { description: 'OK', json: undescribedAnswer } } },
  { method: 'GET', path: '/v1/usage', summary: 'This period’s usage unless ?period=YYYY-MM asks for another', caller: 'tenant', auth: 'tenant key', responses: { 200: { description: 'OK', json: undescribedAnswer } } },
];
