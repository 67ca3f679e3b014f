import { listPageOf, RouteDoc } from '@llmchain/platform';
import { z } from 'zod';
import { createTenantSchema, listTenantsQuerySchema, reactivateTenantSchema, suspendTenantSchema, updateTenantSchema } from './tenants.dto';

/** Any JSON: these answers' fields are not described yet (their status codes are). */
const item = z.unknown();

/** tenants.controller.ts */
export const TENANTS_ROUTES: readonly RouteDoc[] = [
  { method: 'POST', path: '/admin/tenants', summary: 'Create (tenants)', caller: 'admin', auth: 'admin session', body: createTenantSchema, responses: { 201: { description: 'OK', json: item } } },
  { method: 'GET', path: '/admin/tenants', summary: 'List (tenants)', caller: 'admin', auth: 'admin session', query: listTenantsQuerySchema, responses: { 200: { description: 'OK', json: item } } },
  { method: 'GET', path: '/admin/tenants/:tenantId', summary: 'Get (tenants)', caller: 'admin', auth: 'admin session', responses: { 200: { description: 'OK', json: item } } },
  { method: 'PATCH', path: '/admin/tenants/:tenantId', summary: 'Update (tenants)', caller: 'admin', auth: 'admin session', body: updateTenantSchema, responses: { 200: { description: 'OK', json: item } } },
  { method: 'DELETE', path: '/admin/tenants/:tenantId', summary: '409 when billing holds usage or invoices of the tenant: suspend it instead', caller: 'admin', auth: 'admin session', responses: { 204: { description: 'OK', json: item } } },
  { method: 'POST', path: '/admin/tenants/:tenantId/suspend', summary: 'Suspend (suspend)', caller: 'admin', auth: 'admin session', body: suspendTenantSchema, responses: { 200: { description: 'OK', json: item } } },
  { method: 'POST', path: '/admin/tenants/:tenantId/reactivate', summary: 'Reactivate (reactivate)', caller: 'admin', auth: 'admin session', body: reactivateTenantSchema, responses: { 200: { description: 'OK', json: item } } },
  { method: 'GET', path: '/v1/tenant', summary: 'Get (tenant)', caller: 'tenant', auth: 'tenant key', responses: { 200: { description: 'OK', json: item } } },
];
