import { RouteDoc } from '@llmchain/platform';
import { z } from 'zod';
import { usageReportSchema } from './usage.schemas';

const periodQuery = z.object({ period: z.string().regex(/^\d{4}-\d{2}$/).optional().meta({ description: 'YYYY-MM; the open period when absent' }) });
const report = { 200: { description: 'Totals per meter, by day, by model, and late usage of earlier periods apart', json: usageReportSchema } };
const BILLED_IN = 'Usage billed in the period: totals, by day and by model; usage of earlier periods that arrived late is listed apart as adjustments.';

/** usage.controller.ts */
export const USAGE_ROUTES: readonly RouteDoc[] = [
  { method: 'GET', path: '/admin/tenants/:tenantId/usage', summary: 'A tenant’s usage in a month', description: BILLED_IN, caller: 'admin', auth: 'admin session', query: periodQuery, responses: report },
  { method: 'GET', path: '/v1/usage', summary: 'Your usage in a month', description: `${BILLED_IN} This month unless ?period=YYYY-MM asks for another.`, caller: 'tenant', auth: 'tenant key', query: periodQuery, responses: report },
];
