import { RouteDoc, undescribedAnswer } from '@llmchain/platform';
import { platformUsageQuerySchema } from './platform-usage.dto';

/** platform-usage.controller.ts */
export const PLATFORM_USAGE_ROUTES: readonly RouteDoc[] = [
  { method: 'GET', path: '/admin/usage', summary: '?period=YYYY-MM, or ?from=YYYY-MM-DD&to=YYYY-MM-DD, or this month; ?top= tenants (10)', caller: 'admin', auth: 'admin session', query: platformUsageQuerySchema, responses: { 200: { description: 'OK', json: undescribedAnswer } } },
];
