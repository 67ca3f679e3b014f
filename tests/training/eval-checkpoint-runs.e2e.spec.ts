import { waitUntil } from '@llmchain/testing';
import { evalDatasetVersion } from './eval-dataset';
import { Job as HarnessJob, Tenant, TrainingHarness } from './training-harness';

type Run = { id: string; status: string; model: string; model_id: string; error: { message: string } | null; result_counts: { total: number; errored: number } };
type OutputItem = { datasource_item_id: number; results: { testing_criteria: string; detail?: { log_likelihoods?: number[] } }[] };
type Job = HarnessJob & { selectedCheckpoint: { step: number } | null };

const ITEMS = 6;
const record = (i: number) => ({ item: { context: `the harbour ${i}`, choices: ['town wakes early', `boats ${i}`, 'and the hills'], answer: 0 } });

/**
 * An eval run against a checkpoint of a training job (`data_source.checkpoint_step`): the weights the job saved at that
 * step, exported and graded like a registered model. The truth is the job's own: the registered model is the selected
 * checkpoint's weights, so a run on that checkpoint must give the registered model's log-likelihoods item by item,
 * and a run on another checkpoint must not.
 */
describe('eval runs against a training checkpoint', () => {
  const harness = new TrainingHarness();
  let tenant: Tenant;
  let job: Job;
  let modelName = '';
  let evalId = '';
  let steps: number[] = [];

  const call = <T>(method: string, route: string, body?: unknown) => harness.call<T>(harness.training, tenant, method, route, body);
  const run = async (checkpointStep?: number): Promise<{ run: Run; items: OutputItem[] }> => {
    const started = await call<Run>('POST', `/v1/evals/${evalId}/runs`, {
      data_source: { type: 'completions', model: job.modelId, ...(checkpointStep === undefined ? {} : { checkpoint_step: checkpointStep }) },
    });
    expect(started.status).toBe(201);
    const done = await waitUntil(async () => (await call<Run>('GET', `/v1/evals/${evalId}/runs/${started.body.id}`)).body, (r) => ['succeeded', 'failed', 'cancelled'].includes(r.status), {
      timeoutMs: 240_000,
      what: `eval run ${started.body.id}`,
    });
    const items = (await call<{ data: OutputItem[] }>('GET', `/v1/evals/${evalId}/runs/${done.id}/output_items?limit=100`)).body.data;
    return { run: done, items };
  };
  const logLikelihoods = (items: OutputItem[]) => items.map((item) => item.results[0].detail?.log_likelihoods ?? []);

  beforeAll(async () => {
    await harness.start();
    tenant = await harness.tenant();
    const trainVersion = await harness.datasetVersion(tenant, 40_000, 11);
    const created = await harness.createJob(tenant, {
      kind: 'pretrain',
      datasetVersionId: trainVersion,
      model: { layers: 1, heads: 2, embeddingSize: 32, contextLength: 32, vocabSize: 320 },
      hyperparameters: { steps: 30, batchSize: 4, learningRate: 0.005, checkpointEvery: 10, seed: 3 },
    });
    job = (await harness.finished(tenant, created.body.id)) as Job;
    expect(job.status).toBe('succeeded');
    modelName = (await call<{ name: string }>('GET', `/v1/models/${job.modelId}`)).body.name;
    steps = (await call<{ data: { step: number }[] }>('GET', `/v1/training/jobs/${job.id}/checkpoints`)).body.data.map((c) => c.step);
    const versionId = await evalDatasetVersion(harness, tenant, Array.from({ length: ITEMS }, (_, i) => record(i)));
    const createdEval = await call<{ id: string }>('POST', '/v1/evals', {
      name: 'checkpoints',
      data_source_config: { type: 'dataset_version', dataset_version_id: versionId },
      testing_criteria: [{ type: 'multiple_choice', name: 'pick', context: '{{item.context}}', choices: '{{item.choices}}', answer: '{{item.answer}}' }],
    });
    expect(createdEval.status).toBe(201);
    evalId = createdEval.body.id;
  });
  afterAll(() => harness.teardown());

  it('grades the selected checkpoint exactly as the registered model, and another checkpoint differently', async () => {
    const selected = job.selectedCheckpoint!.step;
    const other = steps.find((step) => step !== selected)!;
    const [registered, atSelected, atOther] = [await run(), await run(selected), await run(other)];
    for (const { run: r } of [registered, atSelected, atOther]) expect({ status: r.status, errored: r.result_counts.errored, total: r.result_counts.total }).toEqual({ status: 'succeeded', errored: 0, total: ITEMS });
    expect(atSelected.run.model).toBe(`${modelName}:ckpt-step-${selected}`);
    expect(atSelected.run.model_id).toBe(job.modelId);

    const expected = logLikelihoods(registered.items).flat();
    const same = logLikelihoods(atSelected.items).flat();
    const different = logLikelihoods(atOther.items).flat();
    expect([expected.length, same.length, different.length]).toEqual([ITEMS * 3, ITEMS * 3, ITEMS * 3]);
    same.forEach((value, i) => expect(value).toBeCloseTo(expected[i], 4));
    expect(Math.max(...different.map((value, i) => Math.abs(value - expected[i])))).toBeGreaterThan(1e-3);
  });

  it('refuses a step the job saved no checkpoint at, naming the steps it has', async () => {
    const reply = await call<{ message: string }>('POST', `/v1/evals/${evalId}/runs`, { data_source: { type: 'completions', model: job.modelId, checkpoint_step: 7 } });
    expect(reply.status).toBe(404);
    expect(reply.body.message).toBe(`data_source.checkpoint_step: the job of ${modelName} saved no checkpoint at step 7; it has ${steps.join(', ')}`);
    const zero = await call<{ message: string[] }>('POST', `/v1/evals/${evalId}/runs`, { data_source: { type: 'completions', model: job.modelId, checkpoint_step: 0 } });
    expect(zero.status).toBe(400);
    expect(zero.body.message[0]).toMatch(/^data_source\.checkpoint_step: /);
  });
});
