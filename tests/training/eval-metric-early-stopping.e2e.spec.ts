import { TOPICS } from '@llmchain/contracts';
import { waitUntil } from '@llmchain/testing';
import { evalDatasetVersion } from './eval-dataset';
import { Job, Tenant, TrainingHarness } from './training-harness';

type Selected = { step: number; metric: string; value: number; checkpoints: number; earlyStoppedAtStep: number | null; reason: string };
type EvalRun = { id: string; status: string; model: string; model_id: string | null; data_source: { job_checkpoint?: { job_id: string; step: number } }; per_testing_criteria_results: { testing_criteria: string; pass_rate: number | null }[] };
type Event = { type: string; message: string; data: Record<string, unknown> | null };
type List<T> = { data: T[] };

const ITEMS = 10;
const WORDS = ['the', 'king', 'queen', 'lord', 'and', 'of', 'to', 'my', 'is', 'not'];
/** Item i: which of three short continuations follows a line of play text; the answer rotates. */
const item = (i: number) => ({
  id: `item-${i}`,
  text: `item ${i}`,
  metadata: { question: `${WORDS[i]} ${WORDS[(i + 3) % 10]}`, choices: [WORDS[(i + 1) % 10], WORDS[(i + 5) % 10], WORDS[(i + 7) % 10]], answer: String(i % 3) },
});
const CRITERION = { type: 'multiple_choice', name: 'mc', context: '{{item.question}}', choices: '{{item.choices}}', answer: '{{item.answer}}' };

/**
 * Early stopping on an eval metric: the job runs the eval on each checkpoint (runs anyone can list, eval.run.* v2
 * naming the job and step), selects the checkpoint with the highest pass rate and stops when it stops improving.
 */
describe('training with early stopping on an eval metric, end to end', () => {
  const harness = new TrainingHarness();
  let tenant: Tenant;
  let trainVersion: string;
  let evalId: string;

  beforeAll(async () => {
    await harness.start();
    tenant = await harness.tenant();
    trainVersion = await harness.datasetVersion(tenant, 40_000, 3);
    const items = await evalDatasetVersion(harness, tenant, Array.from({ length: ITEMS }, (_, i) => item(i)));
    const created = await harness.call<{ id: string }>(harness.training, tenant, 'POST', '/v1/evals', {
      name: 'continuations',
      data_source_config: { type: 'dataset_version', dataset_version_id: items },
      testing_criteria: [CRITERION, { type: 'string_check', name: 'answers', input: '{{sample.output_text}}', reference: 'x', operation: 'like' }],
    });
    expect(created.status).toBe(201);
    evalId = created.body.id;
  });
  afterAll(() => harness.teardown());

  it('scores each checkpoint with an eval run, stops when the pass rate stops improving and registers the best checkpoint', async () => {
    const created = await harness.createJob(tenant, {
      kind: 'pretrain',
      datasetVersionId: trainVersion,
      // A pass rate cannot improve by more than 1: the first checkpoint sets the reference, the next two use up
      // patience 2, and training ends at step 3 × 5 = 15 of 400.
      earlyStopping: { patience: 2, minDelta: 1, eval: { evalId, testingCriteria: 'mc', inputTemplate: '{{item.question}}', maxCompletionTokens: 2 } },
      model: { layers: 1, heads: 2, embeddingSize: 32, contextLength: 32, vocabSize: 320 },
      hyperparameters: { steps: 400, batchSize: 4, learningRate: 0.01, checkpointEvery: 5, seed: 3 },
    });
    expect(created.status).toBe(201);
    const job = (await harness.finished(tenant, created.body.id)) as Job & { selectedCheckpoint: Selected | null; modelId: string | null };
    expect(job).toMatchObject({ status: 'succeeded', trainedTokens: 15 * 4 * 32 });

    // One succeeded run per checkpoint, on the job's checkpoint rather than a model.
    const runs = (await harness.call<List<EvalRun>>(harness.training, tenant, 'GET', `/v1/evals/${evalId}/runs?limit=100`)).body.data.reverse();
    expect(runs.map((r) => ({ status: r.status, modelId: r.model_id, checkpoint: r.data_source.job_checkpoint }))).toEqual(
      [5, 10, 15].map((step) => ({ status: 'succeeded', modelId: null, checkpoint: { job_id: job.id, step } })),
    );
    const passRates = runs.map((r) => r.per_testing_criteria_results.find((c) => c.testing_criteria === 'mc')!.pass_rate!);
    // The first checkpoint with the highest pass rate (a later tie is no improvement).
    const bestIndex = passRates.indexOf(Math.max(...passRates));
    expect(job.selectedCheckpoint).toMatchObject({ step: [5, 10, 15][bestIndex], metric: 'eval_score', value: passRates[bestIndex], checkpoints: 3, earlyStoppedAtStep: 15 });
    expect(job.selectedCheckpoint!.reason).toMatch(/highest mc pass rate .* training stopped early after step 15: mc pass rate did not improve by more than 1 for 2 checkpoints/);

    const events = (await harness.call<List<Event>>(harness.training, tenant, 'GET', `/v1/training/jobs/${job.id}/events?limit=1000`)).body.data;
    expect(events.filter((e) => e.type === 'checkpoint_eval').map((e) => [e.data!.step, e.data!.value, e.data!.evalRunId])).toEqual(runs.map((r, i) => [[5, 10, 15][i], passRates[i], r.id]));

    // eval.run.succeeded v2 names the job and step and no model; every run metered as usage.
    // Keyed by run, so in no order across partitions: taken in the runs' order.
    const succeeded = await harness.topicEvents(TOPICS.evalRunSucceeded, 3);
    const byRun = runs.map((r) => succeeded.find((e) => e.data.runId === r.id)!);
    expect(byRun.map((e) => [e.version, e.data.modelId, e.data.checkpoint])).toEqual(runs.map((_, i) => [2, null, { jobId: job.id, step: [5, 10, 15][i] }]));
    const usage = (await harness.topicEvents(TOPICS.usageRecorded, 3)).filter((e) => e.data.tenantId === tenant.tenantId);
    expect(usage.map((e) => e.data.model).sort()).toEqual(runs.map((r) => r.model).sort());

    // The same checkpoint run again through the API (data_source.job_checkpoint) grades alike: log-likelihoods are deterministic.
    const step = job.selectedCheckpoint!.step;
    const again = await harness.call<EvalRun>(harness.training, tenant, 'POST', `/v1/evals/${evalId}/runs`, {
      data_source: { type: 'completions', job_checkpoint: { job_id: job.id, step }, input_messages: { type: 'template', template: '{{item.question}}' }, sampling_params: { max_completion_tokens: 2 } },
    });
    expect(again.status).toBe(201);
    const rerun = await waitUntil(
      async () => (await harness.call<EvalRun>(harness.training, tenant, 'GET', `/v1/evals/${evalId}/runs/${again.body.id}`)).body,
      (r) => ['succeeded', 'failed', 'cancelled'].includes(r.status),
      { timeoutMs: 120_000, what: 'the API run on the checkpoint' },
    );
    expect(rerun).toMatchObject({ status: 'succeeded', model_id: null, data_source: { job_checkpoint: { job_id: job.id, step } } });
    expect(rerun.per_testing_criteria_results.find((c) => c.testing_criteria === 'mc')!.pass_rate).toBe(passRates[bestIndex]);
    const missing = await harness.call<{ message: string }>(harness.training, tenant, 'POST', `/v1/evals/${evalId}/runs`, {
      data_source: { type: 'completions', job_checkpoint: { job_id: job.id, step: 7 }, input_messages: { type: 'template', template: 'q' } },
    });
    expect(missing.status).toBe(404);
    expect(missing.body.message).toBe(`data_source.job_checkpoint.step: job ${job.id} saved no checkpoint at step 7; it has 5, 10, 15`);
    const both = await harness.call<{ message: string[] }>(harness.training, tenant, 'POST', `/v1/evals/${evalId}/runs`, {
      data_source: { type: 'completions', model: job.modelId, job_checkpoint: { job_id: job.id, step }, input_messages: { type: 'template', template: 'q' } },
    });
    expect(both.status).toBe(400);
    expect(both.body.message[0]).toMatch(/^data_source\.model: name either model .* or job_checkpoint/);
  });

  it('refuses an eval metric it cannot use with a 4xx naming the field, and creates nothing', async () => {
    const before = await harness.trainingRows('SELECT count(*) AS n FROM training_jobs');
    const base = { kind: 'pretrain', datasetVersionId: trainVersion, model: { layers: 1, heads: 2, embeddingSize: 32, contextLength: 32, vocabSize: 320 } };
    const cases: [object, number, RegExp][] = [
      [{ ...base, earlyStopping: { patience: 1, eval: { evalId: '00000000-0000-4000-8000-000000000000', testingCriteria: 'mc' } } }, 404, /earlyStopping\.eval\.evalId: .* is not one of your evals/],
      [{ ...base, earlyStopping: { patience: 1, eval: { evalId, testingCriteria: 'nope', inputTemplate: 'q' } } }, 400, /earlyStopping\.eval\.testingCriteria: nope is not a criterion of eval continuations; it has mc, answers/],
      [{ ...base, earlyStopping: { patience: 1, eval: { evalId, testingCriteria: 'mc' } } }, 400, /earlyStopping\.eval\.inputTemplate: criterion answers reads \{\{sample\.output_text\}\}/],
      [{ ...base, earlyStopping: { patience: 1, eval: { evalId, testingCriteria: 'mc', score: 'median' } } }, 400, /earlyStopping\.eval\.score/],
    ];
    for (const [body, status, message] of cases) {
      const reply = await harness.createJob(tenant, body);
      expect({ body, status: reply.status }).toEqual({ body, status });
      expect(JSON.stringify(reply.body.message)).toMatch(message);
    }
    expect(await harness.trainingRows('SELECT count(*) AS n FROM training_jobs')).toEqual(before);
  });
});
