import { RouteDoc } from '@llmchain/platform';
import { z } from 'zod';
import { checkContaminationSchema } from './contamination.dto';
import { contaminationReportSchema } from './contamination.schemas';

/** contamination.controller.ts */
export const CONTAMINATION_ROUTES: readonly RouteDoc[] = [
  {
    method: 'POST',
    path: '/dataset-versions/:id/contamination',
    summary: 'Check a dataset version for overlap with another (say, an evaluation set)',
    description: 'Compares the 13-word n-grams of both versions; the report is stored and listed on both of them.',
    caller: 'data team',
    auth: { apiKey: 'data' },
    body: checkContaminationSchema,
    responses: { 201: { description: 'The report', json: contaminationReportSchema } },
  },
  {
    method: 'GET',
    path: '/dataset-versions/:id/contamination-reports',
    summary: 'List the contamination reports of a dataset version, newest first',
    description: 'Every report either side of which is this version.',
    caller: 'data team',
    auth: { apiKey: 'data' },
    responses: { 200: { description: 'All the reports', json: z.object({ object: z.literal('list'), data: z.array(contaminationReportSchema), has_more: z.literal(false) }) } },
  },
];
