import { listPageOf, RouteDoc } from '@llmchain/platform';
import { z } from 'zod';

/** Any JSON: these answers' fields are not described yet (their status codes are). */
const item = z.unknown();

/** model-imports.controller.ts */
export const MODEL_IMPORTS_ROUTES: readonly RouteDoc[] = [
  { method: 'POST', path: '/v1/models/imports', summary: 'Create (imports)', caller: 'data team', auth: { apiKey: 'training' }, responses: { 201: { description: 'OK', json: item } } },
  { method: 'GET', path: '/v1/models/imports/:id', summary: 'Get (imports)', caller: 'data team', auth: { apiKey: 'training' }, responses: { 200: { description: 'OK', json: item } } },
];
