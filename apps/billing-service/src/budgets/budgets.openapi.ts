import { RouteDoc, undescribedAnswer } from '@llmchain/platform';
import { createBudgetSchema } from './budgets.dto';

/** budgets.controller.ts */
export const BUDGETS_ROUTES: readonly RouteDoc[] = [
  { method: 'POST', path: '/admin/tenants/:tenantId/budgets', summary: 'Create (budgets)', caller: 'admin', auth: 'admin session', body: createBudgetSchema, responses: { 201: { description: 'OK', json: undescribedAnswer } } },
  { method: 'GET', path: '/admin/tenants/:tenantId/budgets', summary: 'List (budgets)', caller: 'admin', auth: 'admin session', responses: { 200: { description: 'OK', json: undescribedAnswer } } },
  { method: 'GET', path: '/admin/tenants/:tenantId/budgets/:budgetId', summary: 'Get (budgets)', caller: 'admin', auth: 'admin session', responses: { 200: { description: 'OK', json: undescribedAnswer } } },
  { method: 'DELETE', path: '/admin/tenants/:tenantId/budgets/:budgetId', summary: 'Delete (budgets)', caller: 'admin', auth: 'admin session', responses: { 204: { description: 'OK', json: undescribedAnswer } } },
  { method: 'POST', path: '/v1/budgets', summary: 'Create (budgets)', caller: 'tenant', auth: 'tenant key', body: createBudgetSchema, responses: { 201: { description: 'OK', json: undescribedAnswer } } },
  { method: 'GET', path: '/v1/budgets', summary: 'List (budgets)', caller: 'tenant', auth: 'tenant key', responses: { 200: { description: 'OK', json: undescribedAnswer } } },
  { method: 'GET', path: '/v1/budgets/:budgetId', summary: 'Get (budgets)', caller: 'tenant', auth: 'tenant key', responses: { 200: { description: 'OK', json: undescribedAnswer } } },
  { method: 'DELETE', path: '/v1/budgets/:budgetId', summary: 'Delete (budgets)', caller: 'tenant', auth: 'tenant key', responses: { 204: { description: 'OK', json: undescribedAnswer } } },
];
