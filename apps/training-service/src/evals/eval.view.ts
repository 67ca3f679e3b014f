import { Eval, EvalRun, EvalRunItem } from '../generated/prisma/client';

const unixSeconds = (date: Date | null) => (date ? Math.floor(date.getTime() / 1000) : null);

export function evalView(row: Eval) {
  return {
    object: 'eval' as const,
    id: row.id,
    name: row.name,
    data_source_config: { type: 'dataset_version' as const, dataset_version_id: row.datasetVersionId },
    testing_criteria: row.testingCriteria,
    metadata: row.metadata ?? {},
    created_at: unixSeconds(row.createdAt),
  };
}

/** OpenAI's eval.run, with usage and pass rates and mean scores beside the passed/failed counts. */
export function evalRunView(run: EvalRun) {
  return {
    object: 'eval.run' as const,
    id: run.id,
    eval_id: run.evalId,
    name: run.name,
    model: run.modelName,
    model_id: run.modelId,
    status: run.status,
    data_source: run.dataSource,
    result_counts: run.resultCounts,
    per_testing_criteria_results: run.perCriterion,
    usage: { prompt_tokens: Number(run.promptTokens), completion_tokens: Number(run.completionTokens) },
    error: run.error === null ? null : { code: run.status === 'failed' ? 'run_failed' : 'run_error', message: run.error },
    cancel_requested: run.cancelRequested,
    metadata: run.metadata ?? {},
    created_at: unixSeconds(run.createdAt),
    started_at: unixSeconds(run.startedAt),
    finished_at: unixSeconds(run.finishedAt),
  };
}

export function evalRunItemView(run: EvalRun, item: EvalRunItem) {
  return {
    object: 'eval.run.output_item' as const,
    id: item.id,
    run_id: run.id,
    eval_id: run.evalId,
    status: item.error !== null ? ('error' as const) : item.passed ? ('pass' as const) : ('fail' as const),
    datasource_item_id: item.index,
    datasource_item: item.item,
    sample: item.sample,
    results: item.results,
    error: item.error,
    created_at: unixSeconds(item.createdAt),
  };
}
