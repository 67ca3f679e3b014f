import { listPageOf, RouteDoc } from '@llmchain/platform';
import { z } from 'zod';
import { createBudgetSchema } from './budgets.dto';

/** Any JSON: these answers' fields are not described yet (their status codes are). */
const item = z.unknown();

/** budgets.controller.ts */
export const BUDGETS_ROUTES: readonly RouteDoc[] = [
  { method: 'POST', path: '/admin/tenants/:tenantId/budgets', summary: 'Create (budgets)', caller: 'admin', auth: 'admin session', body: createBudgetSchema, responses: { 201: { description: 'OK', json: item } } },
  { method: 'GET', path: '/admin/tenants/:tenantId/budgets', summary: 'List (budgets)', caller: 'admin', auth: 'admin session', responses: { 200: { description: 'OK', json: item } } },
  { method: 'GET', path: '/admin/tenants/:tenantId/budgets/:budgetId', summary: 'Get (budgets)', caller: 'admin', auth: 'admin session', responses: { 200: { description: 'OK', json: item } } },
  { method: 'DELETE', path: '/admin/tenants/:tenantId/budgets/:budgetId', summary: 'Delete (budgets)', caller: 'admin', auth: 'admin session', responses: { 204: { description: 'OK', json: item } } },
  { method: 'POST', path: '/v1/budgets', summary: 'Create (budgets)', caller: 'tenant', auth: 'tenant key', body: createBudgetSchema, responses: { 201: { description: 'OK', json: item } } },
  { method: 'GET', path: '/v1/budgets', summary: 'List (budgets)', caller: 'tenant', auth: 'tenant key', responses: { 200: { description: 'OK', json: item } } },
  { method: 'GET', path: '/v1/budgets/:budgetId', summary: 'Get (budgets)', caller: 'tenant', auth: 'tenant key', responses: { 200: { description: 'OK', json: item } } },
  { method: 'DELETE', path: '/v1/budgets/:budgetId', summary: 'Delete (budgets)', caller: 'tenant', auth: 'tenant key', responses: { 204: { description: 'OK', json: item } } },
];
