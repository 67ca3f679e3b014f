import { TOPICS } from '@llmchain/contracts';
import { ServiceProcess, waitUntil } from '@llmchain/testing';
import { Job, Tenant, TrainingHarness } from './training-harness';

type Event = { message: string };
type List<T> = { object: 'list'; data: T[] };

const TINY_MODEL = { layers: 1, heads: 2, embeddingSize: 32, contextLength: 32, vocabSize: 320 };
/** A job far longer than the test: it is still training whenever the test acts on it. */
const LONG_JOB = { kind: 'pretrain', model: TINY_MODEL, hyperparameters: { steps: 20_000, batchSize: 4, checkpointEvery: 5 } };
/** A lock that lapses 2 s after its worker dies, and one restart after a stall before BullMQ gives the job up. */
const WORKER_ENV = { TRAINING_JOB_LOCK_MS: '2000', TRAINING_MAX_STALLED_RESTARTS: '1' };

/** What happens to training jobs that never run, or whose workers keep dying under them. */
describe('training-service failure paths', () => {
  const harness = new TrainingHarness();
  let tenant: Tenant;
  let versionId: string;

  beforeAll(async () => {
    await harness.start(WORKER_ENV);
    tenant = await harness.tenant();
    versionId = await harness.datasetVersion(tenant);
  });
  afterAll(() => harness.teardown());

  const create = async () => (await harness.createJob(tenant, { ...LONG_JOB, datasetVersionId: versionId })).body;
  const cancel = (job: Job) => harness.call<Job>(harness.training, tenant, 'POST', `/v1/training/jobs/${job.id}/cancel`);
  const events = async (job: Job) =>
    (await harness.call<List<Event>>(harness.training, tenant, 'GET', `/v1/training/jobs/${job.id}/events?limit=1000`)).body.data.map((e) => e.message);

  async function replaceWorker(dead: ServiceProcess): Promise<ServiceProcess> {
    expect((await dead.kill('SIGKILL')).signal).toBe('SIGKILL');
    const replacement = await harness.addWorker(WORKER_ENV);
    replacement.start();
    await replacement.waitReady();
    return replacement;
  }

  it('cancels a job still waiting for a worker: it never trains, bills nothing and makes no model', async () => {
    const running = await create();
    await harness.waitForJob(tenant, running.id, (job) => job.status === 'running', 'the first job to take the only worker');
    const queued = await create();
    await harness.waitForJob(tenant, queued.id, (job) => job.status === 'queued', 'the second job to wait in the queue');

    expect((await cancel(queued)).status).toBe(200);
    expect(await harness.finished(tenant, queued.id)).toMatchObject({ status: 'cancelled', trainedTokens: 0, modelId: null });
    expect((await cancel(running)).status).toBe(200);
    await harness.finished(tenant, running.id);
    // The worker, free again, must not pick the cancelled job up.
    expect(await harness.trainingRows('SELECT step FROM training_checkpoints WHERE job_id = $1', [queued.id])).toEqual([]);
    expect((await events(queued)).filter((m) => /^started$|^phase:|picked up|resuming/.test(m))).toEqual([]);
    const completed = (await harness.topicEvents(TOPICS.trainingJobCompleted, 2)).find((e) => e.data.jobId === queued.id);
    expect(completed?.data).toMatchObject({ status: 'cancelled', trainedTokens: 0, modelId: null });
  });

  it('fails a job whose workers die more often than the stalled-restart limit, saying so', async () => {
    const job = await create();
    await harness.waitForJob(tenant, job.id, (j) => (j.progress?.step ?? 0) >= 6, 'the job past its first checkpoint');
    const second = await replaceWorker(harness.workers[harness.workers.length - 1]);
    // The one allowed restart: the job resumes on the new worker.
    await waitUntil(() => events(job), (messages) => messages.some((m) => /picked up again/.test(m)), { timeoutMs: 60_000, what: 'the job to resume on the new worker' });
    await replaceWorker(second);

    const failed = await harness.finished(tenant, job.id);
    expect(failed).toMatchObject({ status: 'failed', modelId: null });
    expect(failed.error).toMatch(/gave up after repeated failures: .*stalled/i);
  });
});
