import { listPageOf, listQuerySchema, RouteDoc } from '@llmchain/platform';
import { registeredModelSchema } from './model.schemas';

/** models.controller.ts */
export const MODELS_ROUTES: readonly RouteDoc[] = [
  {
    method: 'GET',
    path: '/v1/models',
    summary: 'List your registered models, newest first',
    description: 'What training, imports and merges registered (serving’s GET /v1/models lists what can be called).',
    caller: 'data team',
    auth: { apiKey: 'training' },
    query: listQuerySchema,
    responses: { 200: { description: 'A page of models', json: listPageOf(registeredModelSchema) } },
  },
  { method: 'GET', path: '/v1/models/:id', summary: 'Get a registered model with its lineage and files', caller: 'data team', auth: { apiKey: 'training' }, responses: { 200: { description: 'The model', json: registeredModelSchema } } },
];
