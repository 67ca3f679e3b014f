import { listPageOf, RouteDoc } from '@llmchain/platform';
import { createTenantSchema, listTenantsQuerySchema, reactivateTenantSchema, suspendTenantSchema, updateTenantSchema } from './tenants.dto';
import { tenantSchema } from './tenants.schemas';

const tenant = (description: string) => ({ description, json: tenantSchema });

/** tenants.controller.ts */
export const TENANTS_ROUTES: readonly RouteDoc[] = [
  { method: 'POST', path: '/admin/tenants', summary: 'Create a tenant', caller: 'admin', auth: 'admin session', body: createTenantSchema, responses: { 201: tenant('The new tenant') } },
  { method: 'GET', path: '/admin/tenants', summary: 'List the tenants', description: 'Filter by ?status= and by part of the name (?q=, any case).', caller: 'admin', auth: 'admin session', query: listTenantsQuerySchema, responses: { 200: { description: 'A page of tenants', json: listPageOf(tenantSchema) } } },
  { method: 'GET', path: '/admin/tenants/:tenantId', summary: 'Get a tenant', caller: 'admin', auth: 'admin session', responses: { 200: tenant('The tenant') } },
  { method: 'PATCH', path: '/admin/tenants/:tenantId', summary: 'Rename a tenant or change its contact addresses', description: 'A null email clears it.', caller: 'admin', auth: 'admin session', body: updateTenantSchema, responses: { 200: tenant('The tenant as updated') } },
  { method: 'DELETE', path: '/admin/tenants/:tenantId', summary: 'Delete a tenant billing holds nothing for', description: '409 when billing holds usage or invoices of the tenant: suspend it instead. Its live API keys are revoked everywhere.', caller: 'admin', auth: 'admin session', responses: { 204: { description: 'Deleted' } } },
  { method: 'POST', path: '/admin/tenants/:tenantId/suspend', summary: 'Suspend a tenant', description: 'Every service refuses the tenant’s keys and users (403) until it is reactivated; nothing is deleted. Suspending a suspended tenant keeps its first reason.', caller: 'admin', auth: 'admin session', body: suspendTenantSchema, responses: { 200: tenant('The suspended tenant') } },
  { method: 'POST', path: '/admin/tenants/:tenantId/reactivate', summary: 'Reactivate a suspended tenant', caller: 'admin', auth: 'admin session', body: reactivateTenantSchema, responses: { 200: tenant('The active tenant') } },
  { method: 'GET', path: '/v1/tenant', summary: 'The calling tenant', caller: 'tenant', auth: 'tenant key', responses: { 200: tenant('The tenant the key belongs to') } },
];
