import { listPageOf, RouteDoc } from '@llmchain/platform';
import { z } from 'zod';

/** Any JSON: these answers' fields are not described yet (their status codes are). */
const item = z.unknown();

/** quota.controller.ts */
export const QUOTA_ROUTES: readonly RouteDoc[] = [
  { method: 'GET', path: '/admin/tenants/:tenantId/quota', summary: 'Get (quota)', caller: 'admin', auth: 'admin session', responses: { 200: { description: 'OK', json: item } } },
  { method: 'GET', path: '/v1/quota', summary: 'Get (quota)', caller: 'tenant', auth: 'tenant key', responses: { 200: { description: 'OK', json: item } } },
];
