import { RouteDoc } from '@llmchain/platform';
import { z } from 'zod';
import { budgetAnswer } from './budget.view';
import { createBudgetSchema } from './budgets.dto';

const budgetList = z.array(budgetAnswer);
const created = { 201: { description: 'The budget, with the usage already in its current window', json: budgetAnswer } };
const one = { 200: { description: 'The budget and its spending in the current window', json: budgetAnswer } };
const all = { 200: { description: 'The budgets in force, oldest first, each with its spending in the current window', json: budgetList } };
const deleted = { 204: { description: 'Deleted: it no longer counts or limits anything' } };
const example = { name: 'Monthly spend cap', limitMinor: 50_000, window: 'monthly', mode: 'hard', thresholds: [50, 80, 100] };

/** budgets.controller.ts */
export const BUDGETS_ROUTES: readonly RouteDoc[] = [
  { method: 'POST', path: '/admin/tenants/:tenantId/budgets', summary: 'Create a budget for a tenant or one of its API keys', caller: 'admin', auth: 'admin session', body: createBudgetSchema, example, responses: created },
  { method: 'GET', path: '/admin/tenants/:tenantId/budgets', summary: 'List a tenant’s budgets', caller: 'admin', auth: 'admin session', responses: all },
  { method: 'GET', path: '/admin/tenants/:tenantId/budgets/:budgetId', summary: 'Get a tenant’s budget', caller: 'admin', auth: 'admin session', responses: one },
  { method: 'DELETE', path: '/admin/tenants/:tenantId/budgets/:budgetId', summary: 'Delete a tenant’s budget', caller: 'admin', auth: 'admin session', responses: deleted },
  { method: 'POST', path: '/v1/budgets', summary: 'Create a budget for your tenant or one of your API keys', caller: 'tenant', auth: 'tenant key', body: createBudgetSchema, example, responses: created },
  { method: 'GET', path: '/v1/budgets', summary: 'List your budgets', caller: 'tenant', auth: 'tenant key', responses: all },
  { method: 'GET', path: '/v1/budgets/:budgetId', summary: 'Get one of your budgets', caller: 'tenant', auth: 'tenant key', responses: one },
  { method: 'DELETE', path: '/v1/budgets/:budgetId', summary: 'Delete one of your budgets', caller: 'tenant', auth: 'tenant key', responses: deleted },
];
