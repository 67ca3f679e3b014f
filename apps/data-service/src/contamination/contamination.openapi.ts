import { RouteDoc, undescribedAnswer } from '@llmchain/platform';
import { checkContaminationSchema } from './contamination.dto';

/** contamination.controller.ts */
export const CONTAMINATION_ROUTES: readonly RouteDoc[] = [
  { method: 'POST', path: '/dataset-versions/:id/contamination', summary: '201: the 13-gram overlap of this version with another, from both sides, stored and shown on both versions', caller: 'data team', auth: { apiKey: 'data' }, body: checkContaminationSchema, responses: { 201: { description: 'OK', json: undescribedAnswer } } },
  { method: 'GET', path: '/dataset-versions/:id/contamination-reports', summary: 'List (contamination reports)', caller: 'data team', auth: { apiKey: 'data' }, responses: { 200: { description: 'OK', json: undescribedAnswer } } },
];
