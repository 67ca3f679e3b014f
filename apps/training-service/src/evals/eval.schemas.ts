import { z } from 'zod';
import { createEvalRunSchema, testingCriterionSchema } from './eval.dto';
import { CriterionResult, CriterionSummary, ResultCounts } from './runner/criterion-tally';
import { Sample } from './runner/sample-generation';

/** The wire shapes of eval.view.ts (OpenAI's Evals API objects), for the OpenAPI document and the typed client. */
const unixSeconds = z.number().int().meta({ description: 'Unix time in seconds' });
const metadata = z.record(z.string(), z.string());

export const evalSchema = z
  .object({
    object: z.literal('eval'),
    id: z.uuid(),
    name: z.string(),
    data_source_config: z.object({ type: z.literal('dataset_version'), dataset_version_id: z.string() }),
    testing_criteria: z.array(testingCriterionSchema),
    metadata,
    created_at: unixSeconds,
  })
  .meta({
    id: 'Eval',
    description: 'An evaluation: the items of a dataset version and the criteria each model answer is graded by.',
    example: {
      object: 'eval',
      id: '2d8f4b6a-1c3e-4a5b-9d7f-0e1a2b3c4d5e',
      name: 'capitals',
      data_source_config: { type: 'dataset_version', dataset_version_id: '5a9d2e61-0c4b-4f7a-8e3d-6b1c9f2a7e55' },
      testing_criteria: [{ type: 'string_check', name: 'exact', input: '{{sample.output_text}}', reference: '{{item.answer}}', operation: 'eq' }],
      metadata: {},
      created_at: 1772357400,
    },
  });
export type EvalWire = z.infer<typeof evalSchema>;

export const deletedEvalSchema = z.object({ object: z.literal('eval.deleted'), id: z.uuid(), deleted: z.literal(true) }).meta({ id: 'DeletedEval' });

const resultCountsSchema = z.object({ total: z.number().int(), passed: z.number().int(), failed: z.number().int(), errored: z.number().int() }) satisfies z.ZodType<ResultCounts>;
const criterionSummarySchema = z.object({
  testing_criteria: z.string(),
  type: z.string(),
  passed: z.number().int(),
  failed: z.number().int(),
  errored: z.number().int(),
  pass_rate: z.number().nullable(),
  mean_score: z.number().nullable(),
}) satisfies z.ZodType<CriterionSummary>;

export const evalRunSchema = z
  .object({
    object: z.literal('eval.run'),
    id: z.uuid(),
    eval_id: z.uuid(),
    name: z.string(),
    model: z.string().meta({ description: 'The model under test, by name (a checkpoint as `<model>:ckpt-step-<step>`)' }),
    model_id: z.uuid().nullable(),
    status: z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']),
    data_source: createEvalRunSchema.shape.data_source,
    result_counts: resultCountsSchema,
    per_testing_criteria_results: z.array(criterionSummarySchema),
    usage: z.object({ prompt_tokens: z.number().int(), completion_tokens: z.number().int() }),
    error: z.object({ code: z.string(), message: z.string() }).nullable(),
    cancel_requested: z.boolean(),
    metadata,
    created_at: unixSeconds,
    started_at: unixSeconds.nullable(),
    finished_at: unixSeconds.nullable(),
  })
  .meta({
    id: 'EvalRun',
    description: 'A run of an eval against one model (or a training checkpoint), with its pass rates and mean scores.',
    example: {
      object: 'eval.run',
      id: '9e3a7c51-4b2d-4f8e-a16c-3d5b7e9f1a20',
      eval_id: '2d8f4b6a-1c3e-4a5b-9d7f-0e1a2b3c4d5e',
      name: 'capitals on support-gpt v2',
      model: 'support-gpt',
      model_id: '0b6f8a52-7a53-4c5e-9b43-1d9b8d3c2a10',
      status: 'succeeded',
      data_source: { type: 'completions', model: '0b6f8a52-7a53-4c5e-9b43-1d9b8d3c2a10', sampling_params: { max_completion_tokens: 32, temperature: 0, top_p: 1 } },
      result_counts: { total: 50, passed: 41, failed: 9, errored: 0 },
      per_testing_criteria_results: [{ testing_criteria: 'exact', type: 'string_check', passed: 41, failed: 9, errored: 0, pass_rate: 0.82, mean_score: 0.82 }],
      usage: { prompt_tokens: 1850, completion_tokens: 400 },
      error: null,
      cancel_requested: false,
      metadata: {},
      created_at: 1772357460,
      started_at: 1772357461,
      finished_at: 1772357490,
    },
  });
export type EvalRunWire = z.infer<typeof evalRunSchema>;

const criterionResultSchema = z.object({
  testing_criteria: z.string(),
  type: z.string(),
  passed: z.boolean(),
  score: z.number().nullable().meta({ description: 'Similarity 0–1, the grader’s score, 1/0 for a check or a pick; null when it errored' }),
  error: z.string().optional(),
  detail: z.record(z.string(), z.unknown()).optional().meta({ description: 'What decided it: the rendered input and reference, the pick and its log-likelihoods, the grader’s reply' }),
}) satisfies z.ZodType<CriterionResult>;

const sampleSchema = z.object({ output_text: z.string(), finish_reason: z.string(), prompt_tokens: z.number().int(), completion_tokens: z.number().int() }) satisfies z.ZodType<Sample>;

export const evalRunOutputItemSchema = z
  .object({
    object: z.literal('eval.run.output_item'),
    id: z.uuid(),
    run_id: z.uuid(),
    eval_id: z.uuid(),
    status: z.enum(['pass', 'fail', 'error']),
    datasource_item_id: z.number().int().meta({ description: 'The item’s position in the dataset version' }),
    datasource_item: z.record(z.string(), z.unknown()).meta({ description: 'The dataset record the item was' }),
    sample: sampleSchema.nullable().meta({ description: 'The model’s answer, when a criterion reads one' }),
    results: z.array(criterionResultSchema),
    error: z.string().nullable(),
    created_at: unixSeconds,
  })
  .meta({ id: 'EvalRunOutputItem' });
export type EvalRunOutputItemWire = z.infer<typeof evalRunOutputItemSchema>;
