import { listPageOf, listQuerySchema, RouteDoc } from '@llmchain/platform';
import { z } from 'zod';

/** Any JSON: these answers' fields are not described yet (their status codes are). */
const item = z.unknown();

/** models.controller.ts */
export const MODELS_ROUTES: readonly RouteDoc[] = [
  { method: 'GET', path: '/v1/models', summary: 'List (models)', caller: 'data team', auth: { apiKey: 'training' }, query: listQuerySchema, responses: { 200: { description: 'A page', json: listPageOf(item) } } },
  { method: 'GET', path: '/v1/models/:id', summary: 'Get (models)', caller: 'data team', auth: { apiKey: 'training' }, responses: { 200: { description: 'OK', json: item } } },
];
