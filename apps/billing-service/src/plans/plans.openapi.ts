import { listPageOf, RouteDoc } from '@llmchain/platform';
import { z } from 'zod';
import { createPlanSchema, listPlansQuerySchema, planTermsSchema } from './plans.dto';

/** Any JSON: these answers' fields are not described yet (their status codes are). */
const item = z.unknown();

/** plans.controller.ts */
export const PLANS_ROUTES: readonly RouteDoc[] = [
  { method: 'POST', path: '/admin/plans', summary: 'Create (plans)', caller: 'admin', auth: 'admin session', body: createPlanSchema, responses: { 201: { description: 'OK', json: item } } },
  { method: 'POST', path: '/admin/plans/:code/versions', summary: 'Add version (versions)', caller: 'admin', auth: 'admin session', body: planTermsSchema, responses: { 201: { description: 'OK', json: item } } },
  { method: 'GET', path: '/admin/plans', summary: 'List (plans)', caller: 'admin', auth: 'admin session', query: listPlansQuerySchema, responses: { 200: { description: 'A page', json: listPageOf(item) } } },
  { method: 'GET', path: '/admin/plans/:planId', summary: 'Get (plans)', caller: 'admin', auth: 'admin session', responses: { 200: { description: 'OK', json: item } } },
  { method: 'POST', path: '/admin/plans/:planId/retire', summary: 'Retire (retire)', caller: 'admin', auth: 'admin session', responses: { 201: { description: 'OK', json: item } } },
];
