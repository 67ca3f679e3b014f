import { listPageOf, RouteDoc } from '@llmchain/platform';
import { z } from 'zod';
import { listQuerySchema } from '../common/list-page';
import { cancelSubscriptionSchema, changeSubscriptionSchema } from './subscriptions.dto';

/** Any JSON: these answers' fields are not described yet (their status codes are). */
const item = z.unknown();

/** subscriptions.controller.ts */
export const SUBSCRIPTIONS_ROUTES: readonly RouteDoc[] = [
  { method: 'PUT', path: '/admin/tenants/:tenantId/subscription', summary: 'Subscribes the tenant, or moves it to another plan from startsOn (prorated by day)', caller: 'admin', auth: 'admin session', body: changeSubscriptionSchema, responses: { 200: { description: 'OK', json: item } } },
  { method: 'POST', path: '/admin/tenants/:tenantId/subscription/cancel', summary: 'Cancel (cancel)', caller: 'admin', auth: 'admin session', body: cancelSubscriptionSchema, responses: { 201: { description: 'OK', json: item } } },
  { method: 'GET', path: '/admin/tenants/:tenantId/subscriptions', summary: 'History (subscriptions)', caller: 'admin', auth: 'admin session', query: listQuerySchema, responses: { 200: { description: 'A page', json: listPageOf(item) } } },
  { method: 'GET', path: '/v1/subscription', summary: 'Current (subscription)', caller: 'tenant', auth: 'tenant key', responses: { 200: { description: 'OK', json: item } } },
];
