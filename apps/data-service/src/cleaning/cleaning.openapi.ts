import { listPageOf, listQuerySchema, RouteDoc } from '@llmchain/platform';
import { startCleaningRunSchema } from './cleaning-run.dto';
import { cleaningRunSchema } from './cleaning-run.schemas';

/** cleaning.controller.ts */
export const CLEANING_ROUTES: readonly RouteDoc[] = [
  {
    method: 'POST',
    path: '/cleaning-runs',
    summary: 'Start a cleaning run',
    description: 'The run is queued (202): poll GET /cleaning-runs/{id} for its progress and, when it succeeded, its dataset version. Settings left out take their defaults; a tenant with too many runs in flight gets 429.',
    caller: 'data team',
    auth: { apiKey: 'data' },
    body: startCleaningRunSchema,
    example: { corpusIds: ['3f2c9a4e-1b7d-4e8f-9a60-2d5c8b1e7f03'], datasetName: 'support-tickets' },
    errors: [429],
    responses: { 202: { description: 'The queued run', json: cleaningRunSchema } },
  },
  { method: 'GET', path: '/cleaning-runs', summary: 'List your cleaning runs, newest first', caller: 'data team', auth: { apiKey: 'data' }, query: listQuerySchema, responses: { 200: { description: 'A page of runs', json: listPageOf(cleaningRunSchema) } } },
  { method: 'GET', path: '/cleaning-runs/:id', summary: 'Get a cleaning run with its progress', caller: 'data team', auth: { apiKey: 'data' }, responses: { 200: { description: 'The run', json: cleaningRunSchema } } },
];
