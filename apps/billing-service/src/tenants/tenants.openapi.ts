import { RouteDoc, undescribedAnswer } from '@llmchain/platform';
import { createTenantSchema, listTenantsQuerySchema, reactivateTenantSchema, suspendTenantSchema, updateTenantSchema } from './tenants.dto';

/** tenants.controller.ts */
export const TENANTS_ROUTES: readonly RouteDoc[] = [
  { method: 'POST', path: '/admin/tenants', summary: 'Create (tenants)', caller: 'admin', auth: 'admin session', body: createTenantSchema, responses: { 201: { description: 'OK', json: undescribedAnswer } } },
  { method: 'GET', path: '/admin/tenants', summary: 'List (tenants)', caller: 'admin', auth: 'admin session', query: listTenantsQuerySchema, responses: { 200: { description: 'OK', json: undescribedAnswer } } },
  { method: 'GET', path: '/admin/tenants/:tenantId', summary: 'Get (tenants)', caller: 'admin', auth: 'admin session', responses: { 200: { description: 'OK', json: undescribedAnswer } } },
  { method: 'PATCH', path: '/admin/tenants/:tenantId', summary: 'Update (tenants)', caller: 'admin', auth: 'admin session', body: updateTenantSchema, responses: { 200: { description: 'OK', json: undescribedAnswer } } },
  { method: 'DELETE', path: '/admin/tenants/:tenantId', summary: '409 when billing holds usage or invoices of the tenant: suspend it instead', caller: 'admin', auth: 'admin session', responses: { 204: { description: 'OK', json: undescribedAnswer } } },
  { method: 'POST', path: '/admin/tenants/:tenantId/suspend', summary: 'Suspend (suspend)', caller: 'admin', auth: 'admin session', body: suspendTenantSchema, responses: { 200: { description: 'OK', json: undescribedAnswer } } },
  { method: 'POST', path: '/admin/tenants/:tenantId/reactivate', summary: 'Reactivate (reactivate)', caller: 'admin', auth: 'admin session', body: reactivateTenantSchema, responses: { 200: { description: 'OK', json: undescribedAnswer } } },
  { method: 'GET', path: '/v1/tenant', summary: 'Get (tenant)', caller: 'tenant', auth: 'tenant key', responses: { 200: { description: 'OK', json: undescribedAnswer } } },
];
