import { listPageOf, listQuerySchema, RouteDoc, undescribedAnswer } from '@llmchain/platform';
import { startCleaningRunSchema } from './cleaning-run.dto';

/** cleaning.controller.ts */
export const CLEANING_ROUTES: readonly RouteDoc[] = [
  { method: 'POST', path: '/cleaning-runs', summary: '202: the run is queued; poll GET /cleaning-runs/:id for its progress and, when done, its dataset version', caller: 'data team', auth: { apiKey: 'data' }, body: startCleaningRunSchema, errors: [429], responses: { 202: { description: 'OK', json: undescribedAnswer } } },
  { method: 'GET', path: '/cleaning-runs', summary: 'The tenant’s runs, newest first', caller: 'data team', auth: { apiKey: 'data' }, query: listQuerySchema, responses: { 200: { description: 'A page', json: listPageOf(undescribedAnswer) } } },
  { method: 'GET', path: '/cleaning-runs/:id', summary: 'Get (cleaning runs)', caller: 'data team', auth: { apiKey: 'data' }, responses: { 200: { description: 'OK', json: undescribedAnswer } } },
];
