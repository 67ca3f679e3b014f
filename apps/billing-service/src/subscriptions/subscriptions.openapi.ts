import { listPageOf, listQuerySchema, RouteDoc } from '@llmchain/platform';
import { cancelSubscriptionSchema, changeSubscriptionSchema } from './subscriptions.dto';
import { subscriptionSchema } from './subscriptions.schemas';

/** subscriptions.controller.ts */
export const SUBSCRIPTIONS_ROUTES: readonly RouteDoc[] = [
  { method: 'PUT', path: '/admin/tenants/:tenantId/subscription', summary: 'Subscribe a tenant to a plan, or move it to another', description: 'From startsOn (today when omitted), prorated by day; a day of an already invoiced month answers 400. A retired plan takes no new subscriptions.', caller: 'admin', auth: 'admin session', body: changeSubscriptionSchema, responses: { 200: { description: 'The subscription now running', json: subscriptionSchema } } },
  { method: 'POST', path: '/admin/tenants/:tenantId/subscription/cancel', summary: 'End a tenant’s subscription', description: 'It ends before endsOn (today when omitted); a day of an already invoiced month answers 400.', caller: 'admin', auth: 'admin session', body: cancelSubscriptionSchema, responses: { 201: { description: 'The ended subscription', json: subscriptionSchema } } },
  { method: 'GET', path: '/admin/tenants/:tenantId/subscriptions', summary: 'A tenant’s subscription history', caller: 'admin', auth: 'admin session', query: listQuerySchema, responses: { 200: { description: 'A page of subscriptions, oldest first', json: listPageOf(subscriptionSchema) } } },
  { method: 'GET', path: '/v1/subscription', summary: 'Your running subscription and its plan', description: '404 when none runs.', caller: 'tenant', auth: 'tenant key', errors: [404], responses: { 200: { description: 'The running subscription', json: subscriptionSchema } } },
];
