import { listPageOf, RouteDoc } from '@llmchain/platform';
import { z } from 'zod';

/** Any JSON: these answers' fields are not described yet (their status codes are). */
const item = z.unknown();

/** usage.controller.ts */
export const USAGE_ROUTES: readonly RouteDoc[] = [
  { method: 'GET', path: '/admin/tenants/:tenantId/usage', summary: 'Get (usage)', caller: 'admin', auth: 'admin session', responses: { 200: { description: 'OK', json: item } } },
  { method: 'GET', path: '/v1/usage', summary: 'This period’s usage unless ?period=YYYY-MM asks for another', caller: 'tenant', auth: 'tenant key', responses: { 200: { description: 'OK', json: item } } },
];
