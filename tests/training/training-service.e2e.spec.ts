import { TOPICS } from '@llmchain/contracts';
import { Job, Tenant, TrainingHarness } from './training-harness';

type Model = {
  id: string;
  name: string;
  jobId: string;
  datasetVersionId: string;
  baseModelId: string | null;
  tokenizer: { id: string; datasetVersionId: string; jobId: string };
  config: { vocabSize: number; contextLength: number };
  metrics: { trainLoss: number; valLoss: number; valPerplexity: number };
  files: { path: string; bytes: number; sha256: string }[];
};
type Event = { id: string; level: string; type: string; message: string; data: Record<string, number> | null };
type List<T> = { object: 'list'; data: T[]; has_more: boolean; last_id: string | null };

const TINY_MODEL = { layers: 1, heads: 2, embeddingSize: 32, contextLength: 32, vocabSize: 320 };

describe('training-service end to end', () => {
  const harness = new TrainingHarness();
  let tenant: Tenant;
  let other: Tenant;
  let versionId: string;
  let pretrained: Job;
  let model: Model;

  beforeAll(async () => {
    // A short lock: a killed worker's job goes back to the queue within seconds, not the production 30.
    await harness.start({ TRAINING_JOB_LOCK_MS: '4000' });
    [tenant, other] = [await harness.tenant(), await harness.tenant()];
    versionId = await harness.datasetVersion(tenant);
  });
  afterAll(() => harness.teardown());

  it('pretrains a tokenizer and a model from a dataset version, with progress, checkpoints and a registered model', async () => {
    const started = Date.now();
    const created = await harness.createJob(tenant, {
      kind: 'pretrain',
      datasetVersionId: versionId,
      model: TINY_MODEL,
      hyperparameters: { steps: 24, batchSize: 4, learningRate: 0.005, checkpointEvery: 8, seed: 3 },
      suffix: 'tiny',
    });
    expect(created.status).toBe(201);
    expect(created.body.status).toBe('validating_files');
    pretrained = await harness.finished(tenant, created.body.id);
    process.stdout.write(`pretrain job end to end: ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    expect(pretrained).toMatchObject({ status: 'succeeded', error: null });
    expect(pretrained.trainedTokens).toBe(24 * 4 * 32);

    const events = (await harness.call<List<Event>>(harness.training, tenant, 'GET', `/v1/training/jobs/${pretrained.id}/events?limit=1000`)).body.data;
    const types = events.map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['status', 'phase', 'progress', 'checkpoint']));
    const statuses = events.filter((e) => e.type === 'status').map((e) => e.message);
    expect(statuses[0]).toMatch(/validating/);
    expect(statuses.some((m) => /queued/.test(m))).toBe(true);
    expect(statuses[statuses.length - 1]).toMatch(/succeeded/);
    const lastProgress = events.filter((e) => e.type === 'progress').pop()!;
    expect(lastProgress.data).toMatchObject({ step: 24, totalSteps: 24 });

    const checkpoints = (await harness.call<List<{ step: number; valLoss: number }>>(harness.training, tenant, 'GET', `/v1/training/jobs/${pretrained.id}/checkpoints`)).body.data;
    expect(checkpoints.map((c) => c.step)).toEqual([8, 16, 24]);
    expect(checkpoints[2].valLoss).toBeLessThan(Math.log(320));

    model = (await harness.call<Model>(harness.training, tenant, 'GET', `/v1/models/${pretrained.modelId}`)).body;
    expect(model).toMatchObject({ jobId: pretrained.id, datasetVersionId: versionId, baseModelId: null, name: expect.stringMatching(/^tiny:/) });
    expect(model.tokenizer).toMatchObject({ datasetVersionId: versionId, jobId: pretrained.id });
    const paths = model.files.map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['config.json', 'tokenizer.json', 'onnx/model.onnx', 'onnx/model_quantized.onnx', 'model.safetensors']));
    expect(model.metrics.valPerplexity).toBeCloseTo(Math.exp(model.metrics.valLoss), 5);

    const registered = (await harness.topicEvents(TOPICS.modelRegistered, 1)).find((e) => e.data.modelId === model.id)!;
    expect(registered.version).toBe(3);
    expect(registered.data).toMatchObject({
      tenantId: tenant.tenantId,
      trainingJobId: pretrained.id,
      datasetVersionId: versionId,
      contextLength: 32,
      kind: 'trained',
      architecture: 'gpt2',
      visibility: 'tenant',
      adapter: null,
      // GPT-2 attention has as many key/value heads as query heads, each embeddingSize / heads wide.
      config: { heads: TINY_MODEL.heads, kvHeads: TINY_MODEL.heads, headDim: TINY_MODEL.embeddingSize / TINY_MODEL.heads },
    });
    const completed = (await harness.topicEvents(TOPICS.trainingJobCompleted, 1)).find((e) => e.data.jobId === pretrained.id)!;
    expect(completed.data).toMatchObject({ status: 'succeeded', modelId: model.id, modelName: model.name, trainedTokens: 24 * 4 * 32 });
    const progress = await harness.topicEvents(TOPICS.trainingJobProgress, 1);
    expect(progress.some((e) => e.data.jobId === pretrained.id)).toBe(true);
  });

  it('fine-tunes the registered model, keeping its tokenizer and shape', async () => {
    const created = await harness.createJob(tenant, {
      kind: 'finetune',
      datasetVersionId: versionId,
      baseModelId: model.id,
      hyperparameters: { steps: 8, batchSize: 4, learningRate: 0.001, checkpointEvery: 4 },
      suffix: 'ft',
    });
    expect(created.status).toBe(201);
    const finetuned = await harness.finished(tenant, created.body.id);
    expect(finetuned).toMatchObject({ status: 'succeeded', error: null, trainedTokens: 8 * 4 * 32 });
    const child = (await harness.call<Model>(harness.training, tenant, 'GET', `/v1/models/${finetuned.modelId}`)).body;
    expect(child).toMatchObject({ baseModelId: model.id, config: { vocabSize: model.config.vocabSize, contextLength: 32 } });
    expect(child.tokenizer.id).toBe(model.tokenizer.id);
    expect(child.name).toBe(`ft:${model.name}:ft:${finetuned.id.replace(/-/g, '').slice(0, 8)}`);

    const models = (await harness.call<List<Model>>(harness.training, tenant, 'GET', '/v1/models?limit=1')).body;
    expect(models).toMatchObject({ object: 'list', has_more: true, last_id: child.id });
    const next = (await harness.call<List<Model>>(harness.training, tenant, 'GET', `/v1/models?limit=1&after=${child.id}`)).body;
    expect(next.data.map((m) => m.id)).toEqual([model.id]);
    // Another tenant's id pages nothing: it is no item of that tenant's lists (a 400, not a silent first page).
    for (const path of [`/v1/models?after=${child.id}`, `/v1/training/jobs?after=${finetuned.id}`]) {
      const foreign = await harness.call<{ message: string[] }>(harness.training, other, 'GET', path);
      const after = path.slice(path.indexOf('=') + 1);
      expect({ path, status: foreign.status, message: foreign.body.message }).toEqual({ path, status: 400, message: [`after: ${after} is not an item of this list; pass the last_id of the previous page`] });
    }
  });

  it('refuses requests it cannot run with a 4xx that says what to change, and leaves no job behind', async () => {
    const before = await harness.trainingRows<{ n: string }>('SELECT count(*) AS n FROM training_jobs');
    const cases: [object, number, RegExp, Tenant?][] = [
      [{ kind: 'pretrain', datasetVersionId: '00000000-0000-4000-8000-000000000000' }, 404, /not one of yours/],
      [{ kind: 'pretrain', datasetVersionId: versionId }, 404, /not one of yours/, other],
      [{ kind: 'finetune', datasetVersionId: versionId, baseModelId: model.id }, 404, /not one of your/, other],
      [{ kind: 'finetune', datasetVersionId: versionId }, 400, /baseModelId/],
      [{ kind: 'pretrain', datasetVersionId: versionId, hyperparameters: { learningRate: 5 } }, 400, /learningRate/],
      [{ kind: 'finetune', datasetVersionId: versionId, baseModelId: model.id, model: { layers: 3 } }, 400, /model\.layers/],
      [{ kind: 'pretrain', datasetVersionId: versionId, model: { layers: 24, embeddingSize: 1024, contextLength: 2048 } }, 400, /MiB/],
      [{ kind: 'pretrain', datasetVersionId: versionId, epochs: 3 }, 400, /epochs/],
      [{ kind: 'distill', datasetVersionId: versionId }, 400, /kind/],
    ];
    for (const [body, status, message, who] of cases) {
      const reply = await harness.createJob(who ?? tenant, body);
      expect({ body, status: reply.status }).toEqual({ body, status });
      expect(JSON.stringify(reply.body.message)).toMatch(message);
    }
    expect(await harness.trainingRows('SELECT count(*) AS n FROM training_jobs')).toEqual(before);
    expect((await harness.call(harness.training, other, 'GET', `/v1/training/jobs/${pretrained.id}`)).status).toBe(404);
    expect((await harness.call(harness.training, other, 'GET', `/v1/models/${model.id}`)).status).toBe(404);
    expect((await harness.call(harness.training, null, 'GET', '/v1/training/jobs')).status).toBe(401);
  });

  it('cancels a running job at the next step, keeping its checkpoints', async () => {
    const created = await harness.createJob(tenant, {
      kind: 'pretrain',
      datasetVersionId: versionId,
      model: TINY_MODEL,
      hyperparameters: { steps: 20_000, batchSize: 4, checkpointEvery: 5 },
    });
    await harness.waitForJob(tenant, created.body.id, (job) => (job.progress?.step ?? 0) >= 6, 'the long job past its first checkpoint');
    const cancelled = await harness.call<Job>(harness.training, tenant, 'POST', `/v1/training/jobs/${created.body.id}/cancel`);
    expect(cancelled.status).toBe(200);
    const job = await harness.finished(tenant, created.body.id);
    expect(job.status).toBe('cancelled');
    expect(job.modelId).toBeNull();
    expect(job.trainedTokens).toBeGreaterThan(0);
    const checkpoints = (await harness.call<List<{ step: number }>>(harness.training, tenant, 'GET', `/v1/training/jobs/${job.id}/checkpoints`)).body.data;
    expect(checkpoints.length).toBeGreaterThanOrEqual(1);
    const completed = (await harness.topicEvents(TOPICS.trainingJobCompleted, 3)).find((e) => e.data.jobId === job.id)!;
    expect(completed.data).toMatchObject({ status: 'cancelled', modelId: null, trainedTokens: job.trainedTokens });
  });

  it('resumes a job whose worker was SIGKILLed from its last checkpoint, ending with the model an uninterrupted run makes', async () => {
    const request = {
      kind: 'pretrain',
      datasetVersionId: versionId,
      model: { layers: 2, heads: 2, embeddingSize: 64, contextLength: 64, vocabSize: 320 },
      hyperparameters: { steps: 300, batchSize: 8, learningRate: 0.003, checkpointEvery: 60, seed: 11 },
    };
    const interrupted = (await harness.createJob(tenant, request)).body;
    await harness.waitForJob(tenant, interrupted.id, (job) => (job.progress?.step ?? 0) > 70, 'the job past its first checkpoint');
    const [worker] = harness.workers;
    await worker.kill('SIGKILL');
    const replacement = await harness.addWorker({ TRAINING_JOB_LOCK_MS: '4000' });
    replacement.start();
    await replacement.waitReady();
    const resumed = await harness.finished(tenant, interrupted.id);
    expect(resumed).toMatchObject({ status: 'succeeded', error: null, trainedTokens: 300 * 8 * 64 });
    const events = (await harness.call<List<Event>>(harness.training, tenant, 'GET', `/v1/training/jobs/${resumed.id}/events?limit=1000`)).body.data;
    const pickedUp = events.find((e) => /picked up again/.test(e.message));
    expect(pickedUp?.message).toMatch(/resuming from the checkpoint at step (60|120|180|240)/);

    const reference = await harness.finished(tenant, (await harness.createJob(tenant, request)).body.id);
    expect(reference.status).toBe('succeeded');
    const weights = async (job: Job) => {
      const files = (await harness.call<Model>(harness.training, tenant, 'GET', `/v1/models/${job.modelId}`)).body.files;
      return files.find((f) => f.path === 'model.safetensors')!.sha256;
    };
    expect(await weights(resumed)).toBe(await weights(reference));
  });
});
