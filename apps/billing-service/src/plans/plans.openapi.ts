import { listPageOf, RouteDoc } from '@llmchain/platform';
import { createPlanSchema, listPlansQuerySchema, planTermsSchema } from './plans.dto';
import { planSchema } from '../common/plan-schema';

const plan = (description: string) => ({ description, json: planSchema });

/** plans.controller.ts */
export const PLANS_ROUTES: readonly RouteDoc[] = [
  { method: 'POST', path: '/admin/plans', summary: 'Create a plan', description: 'Creates version 1 of a new plan code; 409 when the code exists (add a version instead). A prepaid plan includes no tokens.', caller: 'admin', auth: 'admin session', body: createPlanSchema, responses: { 201: plan('The plan, version 1') } },
  { method: 'POST', path: '/admin/plans/:code/versions', summary: 'Add a version of a plan', description: 'Plans are never edited in place: invoices keep the version they were priced with, and subscriptions move to the new version only when changed.', caller: 'admin', auth: 'admin session', body: planTermsSchema, responses: { 201: plan('The new version') } },
  { method: 'GET', path: '/admin/plans', summary: 'List the plans', description: 'Every version, by code then version; retired ones only with ?includeRetired=true.', caller: 'admin', auth: 'admin session', query: listPlansQuerySchema, responses: { 200: { description: 'A page of plans', json: listPageOf(planSchema) } } },
  { method: 'GET', path: '/admin/plans/:planId', summary: 'Get a plan version', caller: 'admin', auth: 'admin session', responses: { 200: plan('The plan version') } },
  { method: 'POST', path: '/admin/plans/:planId/retire', summary: 'Retire a plan version', description: 'A retired version takes no new subscriptions; running ones continue. Retiring twice changes nothing.', caller: 'admin', auth: 'admin session', responses: { 201: plan('The retired plan version') } },
];
