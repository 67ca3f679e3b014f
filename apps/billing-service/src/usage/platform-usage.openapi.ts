import { listPageOf, RouteDoc } from '@llmchain/platform';
import { z } from 'zod';
import { platformUsageQuerySchema } from './platform-usage.dto';

/** Any JSON: these answers' fields are not described yet (their status codes are). */
const item = z.unknown();

/** platform-usage.controller.ts */
export const PLATFORM_USAGE_ROUTES: readonly RouteDoc[] = [
  { method: 'GET', path: '/admin/usage', summary: '?period=YYYY-MM, or ?from=YYYY-MM-DD&to=YYYY-MM-DD, or this month; ?top= tenants (10)', caller: 'admin', auth: 'admin session', query: platformUsageQuerySchema, responses: { 200: { description: 'OK', json: item } } },
];
