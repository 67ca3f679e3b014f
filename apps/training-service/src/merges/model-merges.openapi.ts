import { RouteDoc } from '@llmchain/platform';
import { mergeRequestSchema } from './model-merges.controller';
import { modelMergeSchema } from './model-merge.schemas';

/** model-merges.controller.ts */
export const MODEL_MERGES_ROUTES: readonly RouteDoc[] = [
  {
    method: 'POST',
    path: '/v1/models/:id/merge',
    summary: 'Merge a LoRA adapter into its base as a new full model',
    description: 'The merge is queued: follow it with GET /v1/models/merges/{id} until it succeeded (modelId: the merged model) or failed.',
    caller: 'data team',
    auth: { apiKey: 'training' },
    body: mergeRequestSchema,
    responses: { 201: { description: 'The queued merge', json: modelMergeSchema } },
  },
  { method: 'GET', path: '/v1/models/merges/:id', summary: 'Get a model merge', caller: 'data team', auth: { apiKey: 'training' }, responses: { 200: { description: 'The merge', json: modelMergeSchema } } },
];
