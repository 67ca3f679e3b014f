import { Eval, EvalRun, EvalRunItem } from '../generated/prisma/client';
import { CreateEvalRun, evalRunCriteria } from './eval.dto';
import { EvalRunOutputItemWire, EvalRunWire, EvalWire } from './eval.schemas';
import { CriterionResult, CriterionSummary, ResultCounts } from './runner/criterion-tally';
import { Sample } from './runner/sample-generation';

const unixSeconds = (date: Date) => Math.floor(date.getTime() / 1000);
const unixSecondsOrNull = (date: Date | null) => (date ? unixSeconds(date) : null);
const metadataOf = (metadata: unknown) => (metadata ?? {}) as Record<string, string>;

export function evalView(row: Eval) {
  return {
    object: 'eval' as const,
    id: row.id,
    name: row.name,
    data_source_config: { type: 'dataset_version' as const, dataset_version_id: row.datasetVersionId },
    testing_criteria: evalRunCriteria(row),
    metadata: metadataOf(row.metadata),
    created_at: unixSeconds(row.createdAt),
  } satisfies EvalWire;
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
    data_source: run.dataSource as CreateEvalRun['data_source'],
    result_counts: run.resultCounts as ResultCounts,
    per_testing_criteria_results: run.perCriterion as CriterionSummary[],
    usage: { prompt_tokens: Number(run.promptTokens), completion_tokens: Number(run.completionTokens) },
    error: run.error === null ? null : { code: run.status === 'failed' ? 'run_failed' : 'run_error', message: run.error },
    cancel_requested: run.cancelRequested,
    metadata: metadataOf(run.metadata),
    created_at: unixSeconds(run.createdAt),
    started_at: unixSecondsOrNull(run.startedAt),
    finished_at: unixSecondsOrNull(run.finishedAt),
  } satisfies EvalRunWire;
}

export function evalRunItemView(run: EvalRun, item: EvalRunItem) {
  return {
    object: 'eval.run.output_item' as const,
    id: item.id,
    run_id: run.id,
    eval_id: run.evalId,
    status: item.error !== null ? ('error' as const) : item.passed ? ('pass' as const) : ('fail' as const),
    datasource_item_id: item.index,
    datasource_item: item.item as Record<string, unknown>,
    sample: item.sample as Sample | null,
    results: item.results as unknown as CriterionResult[],
    error: item.error,
    created_at: unixSeconds(item.createdAt),
  } satisfies EvalRunOutputItemWire;
}
