import { RouteDoc } from '@llmchain/platform';
import { quotaSchema } from './quota.schemas';

const NO_STATE = '404 while the tenant has no subscription (no quota state yet).';

/** quota.controller.ts */
export const QUOTA_ROUTES: readonly RouteDoc[] = [
  { method: 'GET', path: '/admin/tenants/:tenantId/quota', summary: 'A tenant’s included tokens left this month', description: NO_STATE, caller: 'admin', auth: 'admin session', responses: { 200: { description: 'The quota state', json: quotaSchema } } },
  { method: 'GET', path: '/v1/quota', summary: 'Your included tokens left this month', description: NO_STATE, caller: 'tenant', auth: 'tenant key', errors: [404], responses: { 200: { description: 'The quota state', json: quotaSchema } } },
];
