// Wire types training-service's Evals API declares, imported as types only (nothing of the service reaches the bundle).
import type { CreateEval, CreateEvalRun, TestingCriterion } from '../../../training-service/src/evals/eval.dto';
import type { evalRunItemView, evalRunView, evalView } from '../../../training-service/src/evals/eval.view';
import type { CriterionResult, CriterionSummary, ResultCounts } from '../../../training-service/src/evals/runner/criterion-tally';
import { ListPage, requestJson } from './http';

export type { CriterionResult, CriterionSummary, TestingCriterion };
/** The views' JSON columns, given the types the runner writes into them. */
export type Eval = Omit<ReturnType<typeof evalView>, 'testing_criteria'> & { testing_criteria: TestingCriterion[] };
export type EvalRun = Omit<ReturnType<typeof evalRunView>, 'result_counts' | 'per_testing_criteria_results' | 'data_source'> & {
  result_counts: ResultCounts;
  per_testing_criteria_results: CriterionSummary[];
  data_source: CreateEvalRun['data_source'];
};
export type EvalRunItem = Omit<ReturnType<typeof evalRunItemView>, 'results' | 'datasource_item' | 'sample'> & {
  results: CriterionResult[];
  datasource_item: Record<string, unknown>;
  /** The model's answer (`output_text`, token counts) when a criterion read it. */
  sample: { output_text?: string } | null;
};
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
