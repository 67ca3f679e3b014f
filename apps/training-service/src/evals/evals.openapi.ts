import { listPageOf, listQuerySchema, RouteDoc, undescribedAnswer } from '@llmchain/platform';
import { createEvalRunSchema, createEvalSchema } from './eval.dto';

/** evals.controller.ts */
export const EVALS_ROUTES: readonly RouteDoc[] = [
  { method: 'POST', path: '/v1/evals', summary: 'Create (evals)', caller: 'data team', auth: { apiKey: 'training' }, body: createEvalSchema, responses: { 201: { description: 'OK', json: undescribedAnswer } } },
  { method: 'GET', path: '/v1/evals', summary: 'Newest first', caller: 'data team', auth: { apiKey: 'training' }, query: listQuerySchema, responses: { 200: { description: 'A page', json: listPageOf(undescribedAnswer) } } },
  { method: 'GET', path: '/v1/evals/:id', summary: 'Get (evals)', caller: 'data team', auth: { apiKey: 'training' }, responses: { 200: { description: 'OK', json: undescribedAnswer } } },
  { method: 'DELETE', path: '/v1/evals/:id', summary: 'Delete (evals)', caller: 'data team', auth: { apiKey: 'training' }, responses: { 200: { description: 'OK', json: undescribedAnswer } } },
  { method: 'POST', path: '/v1/evals/:id/runs', summary: '201 with the run queued; follow it with GET …/runs/:runId and …/runs/:runId/output_items', caller: 'data team', auth: { apiKey: 'training' }, body: createEvalRunSchema, responses: { 201: { description: 'OK', json: undescribedAnswer } } },
  { method: 'GET', path: '/v1/evals/:id/runs', summary: 'Runs (runs)', caller: 'data team', auth: { apiKey: 'training' }, query: listQuerySchema, responses: { 200: { description: 'A page', json: listPageOf(undescribedAnswer) } } },
  { method: 'GET', path: '/v1/evals/:id/runs/:runId', summary: 'Run (runs)', caller: 'data team', auth: { apiKey: 'training' }, responses: { 200: { description: 'OK', json: undescribedAnswer } } },
  { method: 'POST', path: '/v1/evals/:id/runs/:runId/cancel', summary: 'Cancel (cancel)', caller: 'data team', auth: { apiKey: 'training' }, responses: { 200: { description: 'OK', json: undescribedAnswer } } },
  { method: 'GET', path: '/v1/evals/:id/runs/:runId/output_items', summary: 'In dataset order', caller: 'data team', auth: { apiKey: 'training' }, query: listQuerySchema, responses: { 200: { description: 'A page', json: listPageOf(undescribedAnswer) } } },
  { method: 'GET', path: '/v1/evals/:id/runs/:runId/output_items/:itemId', summary: 'Item (output_items)', caller: 'data team', auth: { apiKey: 'training' }, responses: { 200: { description: 'OK', json: undescribedAnswer } } },
];
