import { TOPICS } from '@llmchain/contracts';
import { HuggingFaceGraphSession, InferenceModel } from '@llmchain/model-runtime';
import { encodeChatMessages, IM_END, Tokenizer } from '@llmchain/tokenizer';
import { LiveCreditBalance } from '@llmchain/platform';
import { infraEnv, waitUntil } from '@llmchain/testing';
import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { wholeSequenceLogits } from '../../libs/model-runtime/src/inference/testing/whole-sequence-logits';
import { evalDatasetVersion } from './eval-dataset';
import { Tenant, TrainingHarness } from './training-harness';

const LLAMA = path.join(__dirname, '../../libs/model-runtime/src/__fixtures__/hf/llama');
const HF_FILES = ['config.json', 'generation_config.json', 'tokenizer.json', 'tokenizer_config.json', 'model.safetensors'];

type Run = {
  id: string;
  status: string;
  error: { message: string } | null;
  result_counts: { total: number; passed: number; failed: number; errored: number };
  per_testing_criteria_results: { testing_criteria: string; passed: number; failed: number; errored: number; pass_rate: number | null; mean_score: number | null }[];
  usage: { prompt_tokens: number; completion_tokens: number };
};
type Result = { testing_criteria: string; passed: boolean; score: number | null; error?: string; detail?: Record<string, unknown> };
type OutputItem = { id: string; status: string; datasource_item_id: number; sample: { output_text: string; completion_tokens: number } | null; results: Result[]; error: string | null };
type Page<T> = { data: T[]; has_more: boolean; last_id: string | null };

// Known values, computed apart from the service: sacrebleu's sentence BLEU of an identical pair is 100, and of
// "a b c d" against "a b x d" (exp smoothing: 3/4, 1/3, then 1/(2·2), 1/(4·1)) the geometric mean below;
// rouge-score's README pair has LCS 5 of 8 and 9 tokens; rapidfuzz documents ratio 96.55172413793103.
const BLEU_PAIRS = [
  { h: 'the cat sat on the mat', r: 'the cat sat on the mat', score: 1 },
  { h: 'a b c d', r: 'a b x d', score: Math.exp((Math.log(0.75) + Math.log(1 / 3) + Math.log(0.25) + Math.log(0.25)) / 4) },
];
const ROUGE_PAIRS = [
  { h: 'The quick brown dog jumps on the log.', r: 'The quick brown fox jumps over the lazy dog', score: (2 * (5 / 8) * (5 / 9)) / (5 / 8 + 5 / 9) },
  { h: 'one two three', r: 'one two three', score: 1 },
];
const FUZZY_PAIRS = [
  { h: 'this is a test', r: 'this is a test!', score: 0.9655172413793103 },
  { h: 'abc', r: 'xyz', score: 0 },
];
const CHOICES = ['red', 'green apples', 'blue'];
const ITEMS = 12;

const criteria = (graderId: string) => [
  { type: 'string_check', name: 'mentions', input: '{{sample.output_text}}', reference: '{{item.expected}}', operation: 'ilike' },
  { type: 'text_similarity', name: 'bleu', input: '{{item.bleu_h}}', reference: '{{item.bleu_r}}', evaluation_metric: 'bleu', pass_threshold: 0.5 },
  { type: 'text_similarity', name: 'rouge', input: '{{item.rouge_h}}', reference: '{{item.rouge_r}}', evaluation_metric: 'rouge_l', pass_threshold: 0.6 },
  { type: 'text_similarity', name: 'fuzzy', input: '{{item.fuzzy_h}}', reference: '{{item.fuzzy_r}}', evaluation_metric: 'fuzzy_match', pass_threshold: 0.9 },
  { type: 'text_similarity', name: 'cosine', input: '{{item.bleu_h}}', reference: '{{item.bleu_r}}', evaluation_metric: 'cosine', pass_threshold: 0.99, model: graderId },
  { type: 'multiple_choice', name: 'mc', context: 'Question: {{item.question}}\nAnswer:', choices: '{{item.choices}}', answer: '{{item.answer}}' },
  {
    type: 'multiple_choice',
    name: 'mc_norm',
    context: 'Question: {{item.question}}\nAnswer:',
    choices: ['{{item.choices.0}}', '{{item.choices.1}}', '{{item.choices.2}}'],
    answer: '{{item.answer_index}}',
    normalize: 'characters',
  },
  {
    type: 'label_model',
    name: 'judge',
    model: graderId,
    input: [
      { role: 'system', content: 'Say good or bad.' },
      { role: 'user', content: '{{item.question}} {{sample.output_text}}' },
    ],
    labels: ['good', 'bad'],
    passing_labels: ['good'],
    max_completion_tokens: 4,
  },
];

/** Item i: the last lacks `expected`, so its string_check errors and the item is errored. */
function record(i: number) {
  const metadata: Record<string, unknown> = {
    question: `Which colour is number ${i}?`,
    choices: CHOICES,
    answer: CHOICES[i % 3],
    answer_index: String(i % 3),
    bleu_h: BLEU_PAIRS[i % 2].h,
    bleu_r: BLEU_PAIRS[i % 2].r,
    rouge_h: ROUGE_PAIRS[i % 2].h,
    rouge_r: ROUGE_PAIRS[i % 2].r,
    fuzzy_h: FUZZY_PAIRS[i % 2].h,
    fuzzy_r: FUZZY_PAIRS[i % 2].r,
  };
  if (i !== ITEMS - 1) metadata.expected = 'Paris';
  return { id: `item-${i}`, text: `eval item ${i}`, metadata };
}

/** log-softmax of one row of logits, at one id. */
function logProb(row: Float32Array, id: number): number {
  const max = row.reduce((m, v) => Math.max(m, v), -Infinity);
  return row[id] - max - Math.log(row.reduce((s, v) => s + Math.exp(v - max), 0));
}

/**
 * The last position's logits of a whole-prefix run through the directory's Hugging Face graph (onnx/model.onnx): a
 * graph and a path apart from the service's decoder-step pass over all positions at once.
 */
async function lastLogits(graph: HuggingFaceGraphSession, vocab: number, ids: number[]): Promise<Float32Array> {
  return (await wholeSequenceLogits(graph, [ids], 1)).slice(0, vocab);
}

type Reference = { graph: HuggingFaceGraphSession; vocab: number };

/** cos θ of two texts' mean last_hidden_state, each run alone (no padding) straight through the graph, in float64. */
async function referenceCosine({ graph }: Reference, a: number[], b: number[]): Promise<number> {
  const mean = async (ids: number[]) => {
    const int64 = (values: number[]) => BigInt64Array.from(values, (v) => BigInt(v));
    const hidden = await graph.hiddenStates({ batch: 1, seq: ids.length, inputIds: int64(ids), attentionMask: int64(ids.map(() => 1)), positionIds: int64(ids.map((_, i) => i)), logitsToKeep: 1 });
    const d = hidden.length / ids.length;
    return Array.from({ length: d }, (_, c) => ids.reduce((sum, _id, t) => sum + hidden[t * d + c], 0) / ids.length);
  };
  const [u, v] = [await mean(a), await mean(b)];
  return u.reduce((s, x, i) => s + x * v[i], 0) / (Math.hypot(...u) * Math.hypot(...v));
}

async function logLikelihood({ graph, vocab }: Reference, context: number[], continuation: number[]): Promise<number> {
  let total = 0;
  for (let k = 0; k < continuation.length; k++) total += logProb(await lastLogits(graph, vocab, [...context, ...continuation.slice(0, k)]), continuation[k]);
  return total;
}

async function greedy({ graph, vocab }: Reference, prompt: number[], maxTokens: number, stops: Set<number>): Promise<number[]> {
  const out: number[] = [];
  while (out.length < maxTokens) {
    const row = await lastLogits(graph, vocab, [...prompt, ...out]);
    const next = row.indexOf(row.reduce((m, v) => Math.max(m, v), -Infinity));
    out.push(next);
    if (stops.has(next)) break;
  }
  return out;
}

describe('Evals API end to end', () => {
  const harness = new TrainingHarness();
  const redis = new Redis(infraEnv().REDIS_URL, { lazyConnect: true });
  let tenant: Tenant;
  let other: Tenant;
  let modelId: string;
  let modelName: string;
  let modelDir: string;
  let versionId: string;

  const call = <T>(method: string, route: string, body?: unknown, who: Tenant = tenant) => harness.call<T>(harness.training, who, method, route, body);
  const finished = (evalId: string, runId: string) =>
    waitUntil(async () => (await call<Run>('GET', `/v1/evals/${evalId}/runs/${runId}`)).body, (r) => ['succeeded', 'failed', 'cancelled'].includes(r.status), {
      timeoutMs: 240_000,
      what: `eval run ${runId}`,
    });

  beforeAll(async () => {
    // Bounds low enough to meet with small items, high enough for the graded run's (prompts of at most ~60 tokens).
    await harness.start({ EVAL_MAX_TOKENS_PER_ITEM: '200', EVAL_MAX_ITEM_BYTES: '4096' }, { trainingEnv: { EVAL_MAX_ITEMS: String(ITEMS), EVAL_MAX_TOKENS_PER_ITEM: '200' } });
    [tenant, other] = await Promise.all([harness.tenant(), harness.tenant()]);
    const folder = path.join(harness.blobDir, 'blobs', 'tenants', tenant.tenantId, 'uploads', 'tiny-llama');
    mkdirSync(folder, { recursive: true });
    for (const file of HF_FILES) copyFileSync(path.join(LLAMA, file), path.join(folder, file));
    const started = await call<{ id: string }>('POST', '/v1/models/imports', { blob_key: `tenants/${tenant.tenantId}/uploads/tiny-llama` });
    const imported = await waitUntil(
      async () => (await call<{ status: string; modelId: string | null }>('GET', `/v1/models/imports/${started.body.id}`)).body,
      (i) => i.status === 'succeeded' || i.status === 'failed',
      { timeoutMs: 180_000, what: 'the model import' },
    );
    expect(imported.status).toBe('succeeded');
    modelId = imported.modelId!;
    const model = (await call<{ name: string; artifact: { blobKey: string } }>('GET', `/v1/models/${modelId}`)).body;
    modelName = model.name;
    modelDir = path.join(harness.blobDir, 'blobs', ...model.artifact.blobKey.split('/'));
    versionId = await evalDatasetVersion(harness, tenant, Array.from({ length: ITEMS }, (_, i) => record(i)));
    await redis.connect();
  });
  afterAll(async () => {
    await redis.quit();
    await harness.teardown();
  });

  it('refuses malformed evals and runs with a 400 naming the field, and leaves nothing behind', async () => {
    const base = { name: 'bad', data_source_config: { type: 'dataset_version', dataset_version_id: versionId } };
    for (const [body, message] of [
      [{ ...base, testing_criteria: [{ type: 'string_check', name: 'x', input: 'a', reference: 'b', operation: 'contains' }] }, /^testing_criteria\.0\.operation: /],
      [{ ...base, testing_criteria: [{ type: 'string_check', name: 'x', input: '{{answer}}', reference: 'b', operation: 'eq' }] }, /^testing_criteria\.0\.input: \{\{answer\}\} is not a reference/],
      [{ ...base, testing_criteria: [{ type: 'text_similarity', name: 'x', input: 'a', reference: 'b', evaluation_metric: 'bleu', pass_threshold: 2 }] }, /^testing_criteria\.0\.pass_threshold: /],
      [{ ...base, testing_criteria: [{ type: 'label_model', name: 'x', model: modelId, input: 'a', labels: ['a', 'b'], passing_labels: ['c'] }] }, /^testing_criteria\.0\.passing_labels: c not among labels/],
      [{ ...base, testing_criteria: [{ type: 'text_similarity', name: 'x', input: 'a', reference: 'b', evaluation_metric: 'cosine', pass_threshold: 0.5 }] }, /^testing_criteria\.0\.model: cosine needs the id of the model/],
      [{ ...base, testing_criteria: [] }, /^testing_criteria: /],
    ] as const) {
      const reply = await call<{ message: string[] }>('POST', '/v1/evals', body);
      expect(reply.status).toBe(400);
      expect(reply.body.message[0]).toMatch(message);
    }
    const foreign = await call<{ message: string }>('POST', '/v1/evals', { ...base, testing_criteria: [criteria(modelId)[1]] }, other);
    expect(foreign.status).toBe(404);
    expect(foreign.body.message).toMatch(/^data_source_config\.dataset_version_id: /);
    expect(await harness.trainingRows('SELECT id FROM evals')).toEqual([]);

    const created = await call<{ id: string }>('POST', '/v1/evals', { ...base, testing_criteria: [criteria(modelId)[0]] });
    expect(created.status).toBe(201);
    const noPrompt = await call<{ message: string[] }>('POST', `/v1/evals/${created.body.id}/runs`, { data_source: { type: 'completions', model: modelId } });
    expect(noPrompt.status).toBe(400);
    expect(noPrompt.body.message[0]).toMatch(/^data_source\.input_messages: criterion mentions reads \{\{sample\.output_text\}\}/);
    const otherTenantRun = await call('POST', `/v1/evals/${created.body.id}/runs`, { data_source: { type: 'completions', model: modelId } }, other);
    expect(otherTenantRun.status).toBe(404);
    expect(await harness.trainingRows('SELECT id FROM eval_runs')).toEqual([]);
    expect((await call('DELETE', `/v1/evals/${created.body.id}`)).status).toBe(200);
    expect((await call('GET', `/v1/evals/${created.body.id}`)).status).toBe(404);
  });

  it("grades a run whose every score matches an independent computation: samples, similarities, log-likelihood picks, a grader's labels", async () => {
    const created = await call<{ id: string }>('POST', '/v1/evals', {
      name: 'colours',
      data_source_config: { type: 'dataset_version', dataset_version_id: versionId },
      testing_criteria: criteria(modelId),
    });
    expect(created.status).toBe(201);
    const evalId = created.body.id;
    const listed = await call<Page<{ id: string }>>('GET', '/v1/evals?limit=1');
    expect(listed.body.data.map((e) => e.id)).toEqual([evalId]);

    const prompt = 'Q: {{item.question}}\nA:';
    const maxTokens = 6;
    const started = await call<Run>('POST', `/v1/evals/${evalId}/runs`, {
      data_source: { type: 'completions', model: modelId, input_messages: { type: 'template', template: prompt }, sampling_params: { max_completion_tokens: maxTokens } },
    });
    expect(started.status).toBe(201);
    expect(started.body.status).toBe('queued');
    const run = await finished(evalId, started.body.id);
    expect(run).toMatchObject({ status: 'succeeded', error: null });

    // Every item, paged five at a time, in dataset order.
    const items: OutputItem[] = [];
    let after: string | null = null;
    do {
      const page: Page<OutputItem> = (await call<Page<OutputItem>>('GET', `/v1/evals/${evalId}/runs/${run.id}/output_items?limit=5${after ? `&after=${after}` : ''}`)).body;
      items.push(...page.data);
      after = page.has_more ? page.last_id : null;
    } while (after);
    expect(items.map((i) => i.datasource_item_id)).toEqual(Array.from({ length: ITEMS }, (_, i) => i));

    const model = await InferenceModel.load(modelDir);
    const reference: Reference = { graph: await HuggingFaceGraphSession.load(modelDir), vocab: model.shape.vocabSize };
    const tokenizer = await Tokenizer.load(modelDir);
    const stops = new Set([...(model.tokens.eosTokenIds ?? [model.tokens.eosTokenId]), ...(tokenizer.specialTokens.some((t) => t.content === IM_END) ? [tokenizer.specialTokenId(IM_END)] : [])]);
    const decode = (ids: number[]) => tokenizer.decode(ids.filter((t) => !stops.has(t)));
    let promptTokens = 0;
    let completionTokens = 0;
    const passes = new Map<string, number[]>();
    for (const item of items) {
      const i = item.datasource_item_id;
      const source = record(i).metadata as Record<string, string>;
      const by = new Map(item.results.map((r) => [r.testing_criteria, r]));
      const note = (name: string) => passes.set(name, [...(passes.get(name) ?? []), by.get(name)!.passed ? 1 : 0]);

      const promptIds = tokenizer.encode(`Q: ${source.question}\nA:`, { allowedSpecial: 'none' });
      const answer = await greedy(reference, promptIds, maxTokens, stops);
      expect(item.sample!.output_text).toBe(decode(answer));
      promptTokens += promptIds.length;
      completionTokens += answer.length;

      if (i === ITEMS - 1) {
        expect(item).toMatchObject({ status: 'error', error: '{{item.expected}} names nothing in this item' });
      } else {
        expect(by.get('mentions')!.passed).toBe(item.sample!.output_text.toLowerCase().includes('paris'));
        note('mentions');
      }
      expect(by.get('bleu')!.score).toBeCloseTo(BLEU_PAIRS[i % 2].score, 10);
      expect(by.get('rouge')!.score).toBeCloseTo(ROUGE_PAIRS[i % 2].score, 10);
      expect(by.get('fuzzy')!.score).toBeCloseTo(FUZZY_PAIRS[i % 2].score, 10);
      for (const name of ['bleu', 'rouge', 'fuzzy']) note(name);
      const [cosineInput, cosineReference] = [BLEU_PAIRS[i % 2].h, BLEU_PAIRS[i % 2].r].map((text) => tokenizer.encode(text, { allowedSpecial: 'none' }));
      const cosine = await referenceCosine(reference, cosineInput, cosineReference);
      expect(by.get('cosine')!.score).toBeCloseTo(cosine, 4);
      expect(by.get('cosine')!.passed).toBe(cosine >= 0.99);
      note('cosine');
      promptTokens += cosineInput.length + cosineReference.length;

      const context = tokenizer.encode(`Question: ${source.question}\nAnswer:`, { allowedSpecial: 'none' });
      const lls: number[] = [];
      for (const choice of CHOICES) {
        const continuation = tokenizer.encode(` ${choice}`, { allowedSpecial: 'none' });
        lls.push(await logLikelihood(reference, context, continuation));
        promptTokens += 2 * (context.length + continuation.length);
      }
      const argmax = (xs: number[]) => xs.indexOf(Math.max(...xs));
      const mc = by.get('mc')!;
      (mc.detail!.log_likelihoods as number[]).forEach((ll, k) => expect(ll).toBeCloseTo(lls[k], 3));
      expect(mc.detail!.pick).toBe(argmax(lls));
      expect(mc.passed).toBe(argmax(lls) === i % 3);
      const norm = by.get('mc_norm')!;
      expect(norm.detail!.pick).toBe(argmax(lls.map((ll, k) => ll / CHOICES[k].length)));
      expect(norm.passed).toBe(norm.detail!.pick === i % 3);
      note('mc');
      note('mc_norm');

      const judgePrompt = encodeChatMessages(
        tokenizer,
        [
          { role: 'system', content: 'Say good or bad.' },
          { role: 'user', content: `${source.question} ${item.sample!.output_text}` },
        ],
        { addGenerationPrompt: true },
      );
      const reply = await greedy(reference, judgePrompt, 4, stops);
      const judge = by.get('judge')!;
      expect(judge.detail!.reply).toBe(decode(reply));
      expect(judge.passed).toBe(decode(reply).trim().toLowerCase().startsWith('good'));
      note('judge');
      promptTokens += judgePrompt.length;
      completionTokens += reply.length;
    }

    const errored = items.filter((i) => i.status === 'error').length;
    expect(run.result_counts).toEqual({
      total: ITEMS,
      errored,
      passed: items.filter((i) => i.status === 'pass').length,
      failed: items.filter((i) => i.status === 'fail').length,
    });
    expect(errored).toBe(1);
    for (const summary of run.per_testing_criteria_results) {
      const verdicts = passes.get(summary.testing_criteria)!;
      expect(summary.passed).toBe(verdicts.filter((v) => v === 1).length);
      expect(summary.pass_rate).toBeCloseTo(verdicts.reduce((a, b) => a + b, 0) / verdicts.length, 12);
    }
    expect(run.per_testing_criteria_results.find((s) => s.testing_criteria === 'mentions')!.errored).toBe(1);
    expect(run.per_testing_criteria_results.find((s) => s.testing_criteria === 'bleu')!.mean_score).toBeCloseTo((BLEU_PAIRS[0].score + BLEU_PAIRS[1].score) / 2, 10);

    // Metered as inference: the tokens the model read and wrote, on usage.recorded, and the outcome on eval.run.succeeded.
    expect(run.usage).toEqual({ prompt_tokens: promptTokens, completion_tokens: completionTokens });
    const usage = (await harness.topicEvents(TOPICS.usageRecorded, 1)).filter((e) => e.data.tenantId === tenant.tenantId);
    expect(usage.map((e) => ({ model: e.data.model, promptTokens: e.data.promptTokens, completionTokens: e.data.completionTokens }))).toEqual([
      { model: modelName, promptTokens, completionTokens },
    ]);
    const succeeded = (await harness.topicEvents(TOPICS.evalRunSucceeded, 1)).find((e) => e.data.runId === run.id)!;
    expect(succeeded.data).toMatchObject({ evalId, modelId, resultCounts: run.result_counts });
  });

  it('cancels a run, keeps an eval with a running run from deletion, and lists runs newest first', async () => {
    const created = await call<{ id: string }>('POST', '/v1/evals', {
      name: 'to cancel',
      data_source_config: { type: 'dataset_version', dataset_version_id: versionId },
      testing_criteria: [criteria(modelId)[5]],
    });
    const evalId = created.body.id;
    const first = await call<Run>('POST', `/v1/evals/${evalId}/runs`, { data_source: { type: 'completions', model: modelId } });
    const second = await call<Run>('POST', `/v1/evals/${evalId}/runs`, { data_source: { type: 'completions', model: modelId } });
    expect((await call('DELETE', `/v1/evals/${evalId}`)).status).toBe(409);
    const cancelled = await call<Run>('POST', `/v1/evals/${evalId}/runs/${second.body.id}/cancel`);
    expect(cancelled.status).toBe(200);
    expect((await finished(evalId, second.body.id)).status).toBe('cancelled');
    expect((await finished(evalId, first.body.id)).status).toBe('succeeded');
    const runs = await call<Page<{ id: string }>>('GET', `/v1/evals/${evalId}/runs`);
    expect(runs.body.data.map((r) => r.id)).toEqual([second.body.id, first.body.id]);
    const events = await harness.topicEvents(TOPICS.evalRunSucceeded, 2);
    expect(events.some((e) => e.data.runId === second.body.id)).toBe(false);
    expect((await call('DELETE', `/v1/evals/${evalId}`)).status).toBe(200);
    expect(await harness.trainingRows('SELECT id FROM eval_runs WHERE eval_id = $1', [evalId])).toEqual([]);
  });

  it('bounds items per eval, bytes per item and tokens per model call, naming the bound', async () => {
    const tooMany = await evalDatasetVersion(harness, tenant, Array.from({ length: ITEMS + 1 }, (_, i) => record(i)));
    const refused = await call<{ message: string[] }>('POST', '/v1/evals', {
      name: 'too many',
      data_source_config: { type: 'dataset_version', dataset_version_id: tooMany },
      testing_criteria: [criteria(modelId)[5]],
    });
    expect(refused.status).toBe(400);
    expect(refused.body.message[0]).toBe(`data_source_config.dataset_version_id: the version holds ${ITEMS + 1} items; an eval takes at most ${ITEMS}`);

    const long = { ...record(1), metadata: { ...record(1).metadata, question: Array.from({ length: 300 }, (_, i) => `w${i}`).join(' ') } };
    const huge = { ...record(2), metadata: { ...record(2).metadata, padding: 'x'.repeat(5000) } };
    const bounded = await evalDatasetVersion(harness, tenant, [record(0), long, huge]);
    const created = await call<{ id: string }>('POST', '/v1/evals', {
      name: 'bounded',
      data_source_config: { type: 'dataset_version', dataset_version_id: bounded },
      testing_criteria: [criteria(modelId)[5]],
    });
    const started = await call<Run>('POST', `/v1/evals/${created.body.id}/runs`, { data_source: { type: 'completions', model: modelId } });
    const run = await finished(created.body.id, started.body.id);
    expect(run).toMatchObject({ status: 'succeeded', result_counts: { total: 3, errored: 2 } });
    const items = (await call<Page<OutputItem>>('GET', `/v1/evals/${created.body.id}/runs/${run.id}/output_items`)).body.data;
    expect(items[0].status).not.toBe('error');
    expect(items[1].error).toMatch(/^the context with a choice takes \d+ tokens; .* may take 200 per call/);
    expect(items[2].error).toMatch(/^the item is \d+ bytes; an eval item may have at most 4096 \(EVAL_MAX_ITEM_BYTES\)$/);
  });

  it('holds a prepaid tenant’s run estimate on its live balance until the run ends, and refuses a run the balance does not cover', async () => {
    const live = new LiveCreditBalance(redis);
    const created = await call<{ id: string }>('POST', '/v1/evals', { name: 'prepaid', data_source_config: { type: 'dataset_version', dataset_version_id: versionId }, testing_criteria: [criteria(modelId)[0]] });
    const run = { data_source: { type: 'completions', model: modelId, input_messages: { type: 'template', template: 'Q: {{item.question}}' } } };
    // One sampling call per item at EVAL_MAX_TOKENS_PER_ITEM (200): 12 × 200 tokens.
    const estimate = ITEMS * 200;
    await live.apply({ eventId: randomUUID(), tenantId: tenant.tenantId, change: 'enable', tokens: estimate - 1 });
    try {
      const refused = await call<{ code: string; message: string }>('POST', `/v1/evals/${created.body.id}/runs`, run);
      expect(refused).toMatchObject({ status: 429, body: { code: 'insufficient_quota', message: expect.stringContaining(`this eval run is estimated at ${estimate} tokens`) } });
      expect(await harness.trainingRows('SELECT id FROM eval_runs WHERE eval_id = $1', [created.body.id])).toEqual([]);
      await live.apply({ eventId: randomUUID(), tenantId: tenant.tenantId, change: 'adjust', tokens: 1 });
      const started = await call<Run>('POST', `/v1/evals/${created.body.id}/runs`, run);
      expect(started.status).toBe(201);
      expect(await redis.hgetall(`credits:{${tenant.tenantId}}:holds`)).toEqual({ [started.body.id]: String(estimate) });
      expect((await finished(created.body.id, started.body.id)).status).toBe('succeeded');
      await waitUntil(() => redis.hlen(`credits:{${tenant.tenantId}}:holds`), (n) => n === 0, { what: 'the run’s hold to end with it' });
    } finally {
      await live.apply({ eventId: randomUUID(), tenantId: tenant.tenantId, change: 'disable', tokens: 0 });
    }
  });
});
