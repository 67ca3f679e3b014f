import { z } from 'zod';
import { Eval } from '../generated/prisma/client';
import { templateReferences } from './item-template';

/** Templates are short text; the items they fill are bounded by EVAL_MAX_ITEM_BYTES. */
const MAX_TEMPLATE_CHARS = 4096;

const template = z
  .string({ error: 'must be a template string' })
  .min(1, 'must not be empty')
  .max(MAX_TEMPLATE_CHARS, `must be at most ${MAX_TEMPLATE_CHARS} characters`)
  .superRefine((value, context) => {
    const parsed = templateReferences(value);
    if ('error' in parsed) context.addIssue({ code: 'custom', message: parsed.error });
  });

const message = z.strictObject({
  role: z.enum(['system', 'developer', 'user', 'assistant'], { error: 'must be system, developer, user or assistant' }),
  content: template,
});

/** A prompt: a text template, or messages rendered through the model's chat template (OpenAI's input_messages). */
export const promptInputSchema = z.union([template, z.array(message).min(1, 'must hold at least one message').max(20, 'at most 20 messages')], {
  error: 'must be a template string or a list of {role, content} messages',
});
export type PromptInput = z.infer<typeof promptInputSchema>;

const name = z.string().min(1, 'must not be empty').max(128, 'must be at most 128 characters');
const modelId = z.uuid('must be the id of a model you may use (yours or a platform base)');

const stringCheck = z.strictObject({
  type: z.literal('string_check'),
  name,
  input: template,
  reference: template,
  operation: z.enum(['eq', 'ne', 'like', 'ilike'], { error: 'must be eq, ne, like or ilike' }),
});

/**
 * `cosine` compares the two texts' embeddings (the platform's mean-pooled embeddings of `model`, a base or trained
 * model, not an adapter); the other metrics read the text alone and take no model.
 */
const textSimilarity = z
  .strictObject({
    type: z.literal('text_similarity'),
    name,
    input: template,
    reference: template,
    evaluation_metric: z.enum(['bleu', 'rouge_l', 'fuzzy_match', 'cosine'], { error: 'must be bleu, rouge_l, fuzzy_match or cosine' }),
    pass_threshold: z.number().min(0, 'must be 0 to 1').max(1, 'must be 0 to 1'),
    model: modelId.optional(),
  })
  .superRefine((value, context) => {
    if (value.evaluation_metric === 'cosine' && !value.model) context.addIssue({ code: 'custom', path: ['model'], message: 'cosine needs the id of the model whose embeddings it compares' });
    if (value.evaluation_metric !== 'cosine' && value.model) context.addIssue({ code: 'custom', path: ['model'], message: `${value.evaluation_metric} reads the text alone; remove model` });
  });

const graderSampling = { max_completion_tokens: z.number().int().min(1, 'must be 1 to 64').max(64, 'must be 1 to 64').default(8) };

const labelModel = z
  .strictObject({
    type: z.literal('label_model'),
    name,
    model: modelId,
    input: promptInputSchema,
    labels: z.array(z.string().min(1).max(128)).min(2, 'must name at least 2 labels').max(50, 'at most 50 labels'),
    passing_labels: z.array(z.string().min(1).max(128)).min(1, 'must name at least one label'),
    ...graderSampling,
  })
  .superRefine((value, context) => {
    const unknown = value.passing_labels.filter((label) => !value.labels.includes(label));
    if (unknown.length) context.addIssue({ code: 'custom', path: ['passing_labels'], message: `${unknown.join(', ')} not among labels` });
  });

const scoreModel = z
  .strictObject({
    type: z.literal('score_model'),
    name,
    model: modelId,
    input: promptInputSchema,
    range: z.tuple([z.number(), z.number()]).default([0, 1]),
    pass_threshold: z.number().optional(),
    ...graderSampling,
  })
  .superRefine((value, context) => {
    if (!(value.range[0] < value.range[1])) context.addIssue({ code: 'custom', path: ['range'], message: 'must be [min, max] with min < max' });
  });

/**
 * lm-evaluation-harness's log-likelihood multiple choice: each choice is a continuation of the context (after
 * target_delimiter); the pick is the one with the highest summed logprob, divided by its length in characters
 * (acc_norm) or tokens when `normalize` says so. `answer` renders to the right choice's text or 0-based index.
 */
const multipleChoice = z.strictObject({
  type: z.literal('multiple_choice'),
  name,
  context: template,
  choices: z.union([template, z.array(template).min(2, 'must offer at least 2 choices').max(26, 'at most 26 choices')], {
    error: 'must be a list of templates, or one reference ({{item.<field>}}) to a list of strings',
  }),
  answer: template,
  target_delimiter: z.string().max(16).default(' '),
  normalize: z.enum(['none', 'characters', 'tokens'], { error: 'must be none, characters or tokens' }).default('none'),
});

export const testingCriterionSchema = z.discriminatedUnion('type', [stringCheck, textSimilarity, labelModel, scoreModel, multipleChoice], {
  error: 'type must be string_check, text_similarity, label_model, score_model or multiple_choice',
});
export type TestingCriterion = z.infer<typeof testingCriterionSchema>;

/** POST /v1/evals: the items (a dataset version's JSONL records) and how each is graded. */
export const createEvalSchema = z.strictObject({
  name: z.string().min(1, 'must not be empty').max(256, 'must be at most 256 characters'),
  data_source_config: z.strictObject({
    type: z.literal('dataset_version', { error: 'must be "dataset_version"' }),
    dataset_version_id: z.uuid('must be the id of one of your ready dataset versions'),
  }),
  testing_criteria: z
    .array(testingCriterionSchema)
    .min(1, 'must hold at least one criterion')
    .max(20, 'at most 20 criteria')
    .superRefine((criteria, context) => {
      const names = criteria.map((c) => c.name);
      const repeated = names.filter((n, i) => names.indexOf(n) !== i);
      if (repeated.length) context.addIssue({ code: 'custom', message: `criterion names must differ; repeated: ${[...new Set(repeated)].join(', ')}` });
    }),
  metadata: z.record(z.string().max(64), z.string().max(512)).refine((m) => Object.keys(m).length <= 16, 'at most 16 keys').optional(),
});
export type CreateEval = z.infer<typeof createEvalSchema>;

/** POST /v1/evals/:id/runs: the model under test, and how it answers each item (when a criterion reads the sample). */
export const createEvalRunSchema = z.strictObject({
  name: z.string().min(1).max(256).optional(),
  data_source: z
    .strictObject({
      type: z.literal('completions', { error: 'must be "completions"' }),
      model: modelId.optional(),
      /** A checkpoint of the model's training job instead of the model as registered (OpenAI's `ckpt-step-<step>`). */
      checkpoint_step: z.number().int('must be a whole step').min(1, 'must be a step the job saved a checkpoint at').optional(),
      /** A checkpoint of one of your training jobs, named by job and step: a job that registered no model yet (what eval-metric early stopping runs). */
      job_checkpoint: z
        .strictObject({
          job_id: z.uuid('must be the id of one of your training jobs'),
          step: z.number().int('must be a whole step').min(1, 'must be a step the job saved a checkpoint at'),
        })
        .optional(),
      input_messages: z.strictObject({ type: z.literal('template'), template: promptInputSchema }).optional(),
      sampling_params: z
        .strictObject({
          max_completion_tokens: z.number().int().min(1, 'must be 1 to 256').max(256, 'must be 1 to 256').default(32),
          temperature: z.number().min(0, 'must be 0 to 2').max(2, 'must be 0 to 2').default(0),
          top_p: z.number().gt(0, 'must be in (0, 1]').max(1, 'must be in (0, 1]').default(1),
          seed: z.number().int().optional(),
        })
        .default({ max_completion_tokens: 32, temperature: 0, top_p: 1 }),
    })
    .superRefine((value, context) => {
      if ((value.model === undefined) === (value.job_checkpoint === undefined)) {
        context.addIssue({ code: 'custom', path: ['model'], message: 'name either model (with checkpoint_step for one of its job’s checkpoints) or job_checkpoint' });
      }
      if (value.job_checkpoint && value.checkpoint_step !== undefined) context.addIssue({ code: 'custom', path: ['checkpoint_step'], message: 'goes with model; job_checkpoint names its own step' });
    }),
  metadata: z.record(z.string().max(64), z.string().max(512)).refine((m) => Object.keys(m).length <= 16, 'at most 16 keys').optional(),
});
export type CreateEvalRun = z.infer<typeof createEvalRunSchema>;
export type SamplingParams = CreateEvalRun['data_source']['sampling_params'];

/** An eval's criteria as stored: validated by testingCriterionSchema when the eval was created. */
export function evalRunCriteria(evalRow: Eval): TestingCriterion[] {
  return evalRow.testingCriteria as TestingCriterion[];
}
