import { listPageOf, listQuerySchema, RouteDoc, undescribedAnswer } from '@llmchain/platform';
import { cancelSubscriptionSchema, changeSubscriptionSchema } from './subscriptions.dto';

/** subscriptions.controller.ts */
export const SUBSCRIPTIONS_ROUTES: readonly RouteDoc[] = [
  { method: 'PUT', path: '/admin/tenants/:tenantId/subscription', summary: 'Subscribes the tenant, or moves it to another plan from startsOn (prorated by day)', caller: 'admin', auth: 'admin session', body: changeSubscriptionSchema, responses: { 200: { description: 'OK', json: undescribedAnswer } } },
  { method: 'POST', path: '/admin/tenants/:tenantId/subscription/cancel', summary: 'Cancel (cancel)', caller: 'admin', auth: 'admin session', body: cancelSubscriptionSchema, responses: { 201: { description: 'OK', json: undescribedAnswer } } },
  { method: 'GET', path: '/admin/tenants/:tenantId/subscriptions', summary: 'History (subscriptions)', caller: 'admin', auth: 'admin session', query: listQuerySchema, responses: { 200: { description: 'A page', json: listPageOf(undescribedAnswer) } } },
  { method: 'GET', path: '/v1/subscription', summary: 'Current (subscription)', caller: 'tenant', auth: 'tenant key', responses: { 200: { description: 'OK', json: undescribedAnswer } } },
];
