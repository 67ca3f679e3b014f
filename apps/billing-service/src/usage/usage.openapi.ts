import { RouteDoc, undescribedAnswer } from '@llmchain/platform';
import { z } from 'zod';

const periodQuery = z.object({ period: z.string().regex(/^\d{4}-\d{2}$/).optional().meta({ description: 'YYYY-MM; the open period when absent' }) });

/** usage.controller.ts */
export const USAGE_ROUTES: readonly RouteDoc[] = [
  { method: 'GET', path: '/admin/tenants/:tenantId/usage', summary: 'Get (usage)', caller: 'admin', auth: 'admin session', query: periodQuery, responses: { 200: { description: 'OK', json: undescribedAnswer } } },
  { method: 'GET', path: '/v1/usage', summary: 'This period’s usage unless ?period=YYYY-MM asks for another', caller: 'tenant', auth: 'tenant key', query: periodQuery, responses: { 200: { description: 'OK', json: undescribedAnswer } } },
];
