import { listPageOf, listQuerySchema, RouteDoc, undescribedAnswer } from '@llmchain/platform';

/** models.controller.ts */
export const MODELS_ROUTES: readonly RouteDoc[] = [
  { method: 'GET', path: '/v1/models', summary: 'List (models)', caller: 'data team', auth: { apiKey: 'training' }, query: listQuerySchema, responses: { 200: { description: 'A page', json: listPageOf(undescribedAnswer) } } },
  { method: 'GET', path: '/v1/models/:id', summary: 'Get (models)', caller: 'data team', auth: { apiKey: 'training' }, responses: { 200: { description: 'OK', json: undescribedAnswer } } },
];
