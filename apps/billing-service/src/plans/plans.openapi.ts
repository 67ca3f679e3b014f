import { listPageOf, RouteDoc, undescribedAnswer } from '@llmchain/platform';
import { createPlanSchema, listPlansQuerySchema, planTermsSchema } from './plans.dto';

/** plans.controller.ts */
export const PLANS_ROUTES: readonly RouteDoc[] = [
  { method: 'POST', path: '/admin/plans', summary: 'Create (plans)', caller: 'admin', auth: 'admin session', body: createPlanSchema, responses: { 201: { description: 'OK', json: undescribedAnswer } } },
  { method: 'POST', path: '/admin/plans/:code/versions', summary: 'Add version (versions)', caller: 'admin', auth: 'admin session', body: planTermsSchema, responses: { 201: { description: 'OK', json: undescribedAnswer } } },
  { method: 'GET', path: '/admin/plans', summary: 'List (plans)', caller: 'admin', auth: 'admin session', query: listPlansQuerySchema, responses: { 200: { description: 'A page', json: listPageOf(undescribedAnswer) } } },
  { method: 'GET', path: '/admin/plans/:planId', summary: 'Get (plans)', caller: 'admin', auth: 'admin session', responses: { 200: { description: 'OK', json: undescribedAnswer } } },
  { method: 'POST', path: '/admin/plans/:planId/retire', summary: 'Retire (retire)', caller: 'admin', auth: 'admin session', responses: { 201: { description: 'OK', json: undescribedAnswer } } },
];
