import { listPageOf, listQuerySchema, RouteDoc } from '@llmchain/platform';
import { z } from 'zod';
import { startCleaningRunSchema } from './cleaning-run.dto';

/** Any JSON: these answers' fields are not described yet (their status codes are). */
const item = z.unknown();

/** cleaning.controller.ts */
export const CLEANING_ROUTES: readonly RouteDoc[] = [
  { method: 'POST', path: '/cleaning-runs', summary: '202: the run is queued; poll GET /cleaning-runs/:id for its progress and, when done, its dataset version', caller: 'data team', auth: { apiKey: 'data' }, body: startCleaningRunSchema, responses: { 202: { description: 'OK', json: item } } },
  { method: 'GET', path: '/cleaning-runs', summary: 'The tenant’s runs, newest first', caller: 'data team', auth: { apiKey: 'data' }, query: listQuerySchema, responses: { 200: { description: 'A page', json: listPageOf(item) } } },
  { method: 'GET', path: '/cleaning-runs/:id', summary: 'Get (cleaning runs)', caller: 'data team', auth: { apiKey: 'data' }, responses: { 200: { description: 'OK', json: item } } },
];
