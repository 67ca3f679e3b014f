import { RouteDoc, undescribedAnswer } from '@llmchain/platform';
import { mergeRequestSchema } from './model-merges.controller';

/** model-merges.controller.ts */
export const MODEL_MERGES_ROUTES: readonly RouteDoc[] = [
  { method: 'POST', path: '/v1/models/:id/merge', summary: 'Create (merge)', caller: 'data team', auth: { apiKey: 'training' }, body: mergeRequestSchema, responses: { 201: { description: 'OK', json: undescribedAnswer } } },
  { method: 'GET', path: '/v1/models/merges/:id', summary: 'Get (merges)', caller: 'data team', auth: { apiKey: 'training' }, responses: { 200: { description: 'OK', json: undescribedAnswer } } },
];
