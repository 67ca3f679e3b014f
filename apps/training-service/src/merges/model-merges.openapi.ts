import { listPageOf, RouteDoc } from '@llmchain/platform';
import { z } from 'zod';
import { mergeRequestSchema } from './model-merges.controller';

/** Any JSON: these answers' fields are not described yet (their status codes are). */
const item = z.unknown();

/** model-merges.controller.ts */
export const MODEL_MERGES_ROUTES: readonly RouteDoc[] = [
  { method: 'POST', path: '/v1/models/:id/merge', summary: 'Create (merge)', caller: 'data team', auth: { apiKey: 'training' }, body: mergeRequestSchema, responses: { 201: { description: 'OK', json: item } } },
  { method: 'GET', path: '/v1/models/merges/:id', summary: 'Get (merges)', caller: 'data team', auth: { apiKey: 'training' }, responses: { 200: { description: 'OK', json: item } } },
];
