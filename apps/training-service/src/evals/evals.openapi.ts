import { listPageOf, listQuerySchema, RouteDoc } from '@llmchain/platform';
import { createEvalRunSchema, createEvalSchema } from './eval.dto';
import { deletedEvalSchema, evalRunOutputItemSchema, evalRunSchema, evalSchema } from './eval.schemas';

const training = { caller: 'data team', auth: { apiKey: 'training' } } as const;

/** evals.controller.ts (OpenAI's Evals API) */
export const EVALS_ROUTES: readonly RouteDoc[] = [
  {
    ...training,
    method: 'POST',
    path: '/v1/evals',
    summary: 'Create an eval over a dataset version',
    description: 'Each record of the version is an item; every testing criterion grades each item (string checks, text similarity, model graders, multiple choice by log-likelihood).',
    body: createEvalSchema,
    example: {
      name: 'capitals',
      data_source_config: { type: 'dataset_version', dataset_version_id: '5a9d2e61-0c4b-4f7a-8e3d-6b1c9f2a7e55' },
      testing_criteria: [{ type: 'string_check', name: 'exact', input: '{{sample.output_text}}', reference: '{{item.answer}}', operation: 'eq' }],
    },
    responses: { 201: { description: 'The eval', json: evalSchema } },
  },
  { ...training, method: 'GET', path: '/v1/evals', summary: 'List your evals, newest first', query: listQuerySchema, responses: { 200: { description: 'A page of evals', json: listPageOf(evalSchema) } } },
  { ...training, method: 'GET', path: '/v1/evals/:id', summary: 'Get an eval', responses: { 200: { description: 'The eval', json: evalSchema } } },
  { ...training, method: 'DELETE', path: '/v1/evals/:id', summary: 'Delete an eval and its runs', description: 'An eval with runs queued or running answers 409: cancel them first.', responses: { 200: { description: 'The deletion', json: deletedEvalSchema } } },
  {
    ...training,
    method: 'POST',
    path: '/v1/evals/:id/runs',
    summary: 'Run an eval against a model or a training checkpoint',
    description: 'The run is queued (201): follow it with GET …/runs/{runId}, and read its graded items at …/runs/{runId}/output_items.',
    body: createEvalRunSchema,
    example: { name: 'capitals on support-gpt v2', data_source: { type: 'completions', model: '0b6f8a52-7a53-4c5e-9b43-1d9b8d3c2a10', input_messages: { type: 'template', template: '{{item.question}}' } } },
    responses: { 201: { description: 'The queued run', json: evalRunSchema } },
  },
  { ...training, method: 'GET', path: '/v1/evals/:id/runs', summary: 'List an eval’s runs, newest first', query: listQuerySchema, responses: { 200: { description: 'A page of runs', json: listPageOf(evalRunSchema) } } },
  { ...training, method: 'GET', path: '/v1/evals/:id/runs/:runId', summary: 'Get an eval run with its results', responses: { 200: { description: 'The run', json: evalRunSchema } } },
  { ...training, method: 'POST', path: '/v1/evals/:id/runs/:runId/cancel', summary: 'Cancel an eval run', responses: { 200: { description: 'The run', json: evalRunSchema } } },
  { ...training, method: 'GET', path: '/v1/evals/:id/runs/:runId/output_items', summary: 'List a run’s graded items, in dataset order', query: listQuerySchema, responses: { 200: { description: 'A page of items', json: listPageOf(evalRunOutputItemSchema) } } },
  { ...training, method: 'GET', path: '/v1/evals/:id/runs/:runId/output_items/:itemId', summary: 'Get one graded item of a run', responses: { 200: { description: 'The item', json: evalRunOutputItemSchema } } },
];
