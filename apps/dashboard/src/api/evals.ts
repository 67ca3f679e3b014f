// Wire types of training-service's Evals API: answers from the generated client, requests from the service's DTOs
// (imported as types only: nothing of the service or the client reaches the bundle).
import type { TrainingSchemas } from '../../../../libs/api-client/src';
import type { CreateEval, CreateEvalRun } from '../../../training-service/src/evals/eval.dto';
import { ListPage, requestJson } from './http';

export type Eval = TrainingSchemas['Eval'];
export type EvalRun = TrainingSchemas['EvalRun'];
export type EvalRunItem = TrainingSchemas['EvalRunOutputItem'];
export type TestingCriterion = Eval['testing_criteria'][number];
export type CriterionSummary = EvalRun['per_testing_criteria_results'][number];
export type CriterionResult = EvalRunItem['results'][number];
export type StartEvalRun = Omit<CreateEvalRun, 'data_source'> & {
  data_source: Omit<CreateEvalRun['data_source'], 'sampling_params'> & { sampling_params?: Partial<CreateEvalRun['data_source']['sampling_params']> };
};
export type { CreateEval };

/** training-service's Evals API, with one of the tenant's API keys (scope `training`). */
export const evalsApi = (token: string) => ({
  evals: (limit: number, after?: string) => requestJson<ListPage<Eval>>('training', '/v1/evals', { token, query: { limit, after } }),
  eval: (id: string) => requestJson<Eval>('training', `/v1/evals/${id}`, { token }),
  runs: (evalId: string, limit: number, after?: string) => requestJson<ListPage<EvalRun>>('training', `/v1/evals/${evalId}/runs`, { token, query: { limit, after } }),
  run: (evalId: string, runId: string) => requestJson<EvalRun>('training', `/v1/evals/${evalId}/runs/${runId}`, { token }),
  createEval: (body: CreateEval, idempotencyKey: string) => requestJson<Eval>('training', '/v1/evals', { token, body, idempotencyKey }),
  startRun: (evalId: string, body: StartEvalRun, idempotencyKey: string) =>
    requestJson<EvalRun>('training', `/v1/evals/${evalId}/runs`, { token, body, idempotencyKey }),
  cancelRun: (evalId: string, runId: string) => requestJson<EvalRun>('training', `/v1/evals/${evalId}/runs/${runId}/cancel`, { token, method: 'POST' }),
  items: (evalId: string, runId: string, limit: number, after?: string) =>
    requestJson<ListPage<EvalRunItem>>('training', `/v1/evals/${evalId}/runs/${runId}/output_items`, { token, query: { limit, after } }),
});
export type EvalsApi = ReturnType<typeof evalsApi>;
