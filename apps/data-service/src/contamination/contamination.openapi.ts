import { listPageOf, RouteDoc } from '@llmchain/platform';
import { z } from 'zod';
import { checkContaminationSchema } from './contamination.dto';

/** Any JSON: these answers' fields are not described yet (their status codes are). */
const item = z.unknown();

/** contamination.controller.ts */
export const CONTAMINATION_ROUTES: readonly RouteDoc[] = [
  { method: 'POST', path: '/dataset-versions/:id/contamination', summary: '201: the 13-gram overlap of this version with another, from both sides, stored and shown on both versions', caller: 'data team', auth: { apiKey: 'data' }, body: checkContaminationSchema, responses: { 201: { description: 'OK', json: item } } },
  { method: 'GET', path: '/dataset-versions/:id/contamination-reports', summary: 'List (contamination reports)', caller: 'data team', auth: { apiKey: 'data' }, responses: { 200: { description: 'OK', json: item } } },
];
