import { RouteDoc } from '@llmchain/platform';
import { platformUsageQuerySchema } from './platform-usage.dto';
import { platformUsageReportSchema } from './platform-usage.schemas';

/** platform-usage.controller.ts */
export const PLATFORM_USAGE_ROUTES: readonly RouteDoc[] = [
  { method: 'GET', path: '/admin/usage', summary: 'The platform’s usage over a month or a range of days', description: '?period=YYYY-MM, or ?from=YYYY-MM-DD&to=YYYY-MM-DD (at most 366 days), or this month; ?top= tenants (10). Usage counts on the UTC day it happened, late usage included, whatever invoice billed it.', caller: 'admin', auth: 'admin session', query: platformUsageQuerySchema, responses: { 200: { description: 'Totals, by meter, day, model, and the top tenants', json: platformUsageReportSchema } } },
];
