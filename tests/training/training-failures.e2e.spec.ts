import { TOPICS } from '@llmchain/contracts';
import { LiveCreditBalance } from '@llmchain/platform';
import { infraEnv, ServiceProcess, waitUntil } from '@llmchain/testing';
import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { statSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { Job, Tenant, TrainingHarness } from './training-harness';

type Event = { id: string; type: string; message: string; data: { step?: number } | null };
type Checkpoint = { step: number; train_loss: number; val_loss: number };
type List<T> = { object: 'list'; data: T[] };

const TINY_MODEL = { layers: 1, heads: 2, embeddingSize: 32, contextLength: 32, vocabSize: 320 };
/** A job far longer than the test: it is still training whenever the test acts on it. */
const LONG_JOB = { kind: 'pretrain', model: TINY_MODEL, hyperparameters: { steps: 20_000, batchSize: 4, checkpointEvery: 5 } };
/** A lock that lapses 2 s after its worker dies, and one restart after a stall before BullMQ gives the job up. */
const WORKER_ENV = { TRAINING_JOB_LOCK_MS: '2000', TRAINING_MAX_STALLED_RESTARTS: '1' };
/** A short job with a checkpoint every 5 steps: the transient-fault test fails its step-20 checkpoint once. */
const SHORT_JOB = { kind: 'pretrain', model: TINY_MODEL, hyperparameters: { steps: 40, batchSize: 4, checkpointEvery: 5, seed: 5 } };
/** The race test holds its first worker at the step-50 checkpoint: a resumable checkpoint before it, two after it. */
const RACED_JOB = { kind: 'pretrain', model: TINY_MODEL, hyperparameters: { steps: 100, batchSize: 4, checkpointEvery: 25, seed: 9 } };
/** The advisory lock the race test's gate holds (any number no other test takes). */
const GATE_LOCK = 21_021;
/** A learning rate of 1 without warm-up: the tiny model's loss passes 3·ln(320) within a few steps (see the runner's spec). */
const DIVERGING_JOB = { kind: 'pretrain', model: TINY_MODEL, hyperparameters: { steps: 40, batchSize: 4, checkpointEvery: 20, learningRate: 1, warmupSteps: 0 } };

/** What happens to training jobs that never run, or whose workers keep dying under them. */
describe('training-service failure paths', () => {
  const harness = new TrainingHarness();
  const redis = new Redis(infraEnv().REDIS_URL, { lazyConnect: true });
  let tenant: Tenant;
  let versionId: string;

  beforeAll(async () => {
    await harness.start(WORKER_ENV);
    await redis.connect();
    tenant = await harness.tenant();
    versionId = await harness.datasetVersion(tenant);
  });
  afterAll(async () => {
    await redis.quit();
    await harness.teardown();
  });

  const create = async (body: object = LONG_JOB, owner = tenant, version = versionId) => (await harness.createJob(owner, { ...body, datasetVersionId: version })).body;
  const cancel = (job: Job, owner = tenant) => harness.call<Job>(harness.training, owner, 'POST', `/v1/training/jobs/${job.id}/cancel`);
  const eventLog = async (job: Job, owner = tenant) =>
    (await harness.call<List<Event>>(harness.training, owner, 'GET', `/v1/training/jobs/${job.id}/events?limit=1000`)).body.data;
  const events = async (job: Job) => (await eventLog(job)).map((e) => e.message);
  const checkpoints = (job: Job) =>
    harness.trainingRows<Checkpoint>('SELECT step, train_loss, val_loss FROM training_checkpoints WHERE job_id = $1 ORDER BY step', [job.id]);

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

  it('fails a diverging job at once with the step and the loss, registering nothing and releasing its credit hold', async () => {
    // As billing enables a prepaid tenant: every job now holds its estimate until it ends.
    await new LiveCreditBalance(redis).apply({ eventId: randomUUID(), tenantId: tenant.tenantId, change: 'enable', tokens: 100_000_000 });
    const holds = () => redis.hgetall(`credits:{${tenant.tenantId}}:holds`);
    const job = await create(DIVERGING_JOB);
    expect(Object.keys(await holds())).toEqual([job.id]);

    const failed = await harness.finished(tenant, job.id);
    expect(failed).toMatchObject({ status: 'failed', modelId: null });
    const [, step, loss] = /^training diverged at step (\d+) \(loss ([\d.]+) above [\d.]+, 3× (?:a uniform guess|the first step)'s\): lower hyperparameters\.learningRate$/.exec(failed.error ?? '') ?? [];
    expect(Number(loss)).toBeGreaterThan(3 * Math.log(TINY_MODEL.vocabSize));
    expect(Number(step)).toBeLessThan(DIVERGING_JOB.hyperparameters.checkpointEvery);
    // A job that cannot succeed as given is not retried: one attempt, no checkpoint, no model.
    expect((await eventLog(job)).filter((e) => e.type === 'attempt_failed' || /picked up again/.test(e.message))).toEqual([]);
    expect(await checkpoints(job)).toEqual([]);
    expect(await harness.trainingRows('SELECT id FROM models WHERE job_id = $1', [job.id])).toEqual([]);
    expect(await holds()).toEqual({});
  });

  it('retries an attempt whose checkpoint write the database refused, from its last checkpoint, to the result of an unbroken run', async () => {
    // A real database error, once: the step-20 checkpoint's INSERT raises (a sequence is not rolled back with it).
    await harness.trainingRows(`
      CREATE SEQUENCE checkpoint_fault_shots;
      CREATE FUNCTION refuse_one_checkpoint() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.step = 20 AND nextval('checkpoint_fault_shots') = 1 THEN RAISE EXCEPTION 'injected fault: checkpoint write refused'; END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER refuse_one_checkpoint BEFORE INSERT ON training_checkpoints FOR EACH ROW EXECUTE FUNCTION refuse_one_checkpoint();`);
    let retried: Job;
    try {
      retried = await harness.finished(tenant, (await create(SHORT_JOB)).id);
    } finally {
      await harness.trainingRows('DROP TRIGGER refuse_one_checkpoint ON training_checkpoints; DROP FUNCTION refuse_one_checkpoint(); DROP SEQUENCE checkpoint_fault_shots;');
    }
    const { steps, batchSize, checkpointEvery } = SHORT_JOB.hyperparameters;
    expect(retried).toMatchObject({ status: 'succeeded', trainedTokens: steps * batchSize * TINY_MODEL.contextLength });
    const log = await eventLog(retried);
    const failedAttempt = log.filter((e) => e.type === 'attempt_failed');
    expect(failedAttempt).toHaveLength(1);
    expect(failedAttempt[0]).toMatchObject({ message: expect.stringMatching(/^attempt 1 of 3 failed \(.*injected fault: checkpoint write refused.*\); retried from the last checkpoint$/), data: { attempt: 1, attempts: 3 } });
    const pickups = log.filter((e) => /picked up again/.test(e.message));
    expect(pickups.map((e) => e.message)).toEqual([expect.stringMatching(/resuming from the checkpoint at step 15$/)]);
    // The second attempt trains on from step 15: it reports no step at or before it.
    const resumedSteps = log.filter((e) => e.type === 'progress' && BigInt(e.id) > BigInt(pickups[0].id)).map((e) => e.data!.step!);
    expect(resumedSteps.length).toBeGreaterThan(0);
    expect(Math.min(...resumedSteps)).toBeGreaterThan(15);

    // The independent truth: the same job run without a fault. Resuming restores weights, optimizer and sampler, so
    // every checkpoint's losses are the unbroken run's.
    const unbroken = await harness.finished(tenant, (await create(SHORT_JOB)).id);
    expect(unbroken.status).toBe('succeeded');
    const expected = await checkpoints(unbroken);
    expect(expected.map((c) => c.step)).toEqual(Array.from({ length: steps / checkpointEvery }, (_, i) => (i + 1) * checkpointEvery));
    expect(await checkpoints(retried)).toEqual(expected);
  });

  it("runs another tenant's job before the later jobs of a tenant that queued many (fair share on the one worker)", async () => {
    const other = await harness.tenant();
    const otherVersion = await harness.datasetVersion(other, 20_000, 11);
    const holder = await create();
    await harness.waitForJob(tenant, holder.id, (job) => job.status === 'running', 'the first job to take the only worker');
    const burst = [await create(), await create(), await create()];
    for (const job of burst) await harness.waitForJob(tenant, job.id, (j) => j.status === 'queued', `job ${job.id} to be queued`);
    // Queued after the whole burst: first come, first served would run it last.
    const otherJob = await create(LONG_JOB, other, otherVersion);
    await harness.waitForJob(other, otherJob.id, (j) => j.status === 'queued', 'the other tenant\'s job to be queued');
    const waiting = [...burst.map((job) => ({ job, owner: tenant })), { job: otherJob, owner: other }];

    // Each job that takes the worker is cancelled at once, until the other tenant's job has its turn.
    const started: string[] = [];
    await cancel(holder);
    for (;;) {
      const next = await waitUntil(
        async () => {
          for (const entry of waiting.filter(({ job }) => !started.includes(job.id))) {
            const current = (await harness.call<Job>(harness.training, entry.owner, 'GET', `/v1/training/jobs/${entry.job.id}`)).body;
            if (current.status !== 'queued') return entry;
          }
          return null;
        },
        (entry) => entry !== null,
        { timeoutMs: 120_000, what: 'the worker to take the next job' },
      );
      started.push(next!.job.id);
      if (next!.job.id === otherJob.id) break;
      await cancel(next!.job);
      await harness.finished(tenant, next!.job.id);
    }
    // The burst's first job shares priority 1 with the other tenant's; its second and third come after, still queued.
    expect(started).not.toContain(burst[1].id);
    expect(started).not.toContain(burst[2].id);
    for (const job of burst.slice(1)) expect((await cancel(job)).body.status).toBe('cancelled');
    await cancel(otherJob, other);
    await harness.finished(other, otherJob.id);
    for (const job of burst.slice(1)) expect((await eventLog(job)).filter((e) => e.message === 'started')).toEqual([]);
  });

  it('lets one of two workers racing for a job run it: the one that stalled past its lock is fenced out and writes nothing', async () => {
    const [first] = harness.workers.slice(-1);
    const signal = (worker: ServiceProcess, name: NodeJS.Signals) => process.kill(worker.pid!, name);
    // Where the first worker stalls is chosen, not raced: its step-50 checkpoint INSERT waits on a lock this test
    // holds, so it is stopped mid-job whatever the machine's pace (a job stopped by watching its progress had, on a
    // loaded machine, sometimes already finished, or recorded its last checkpoint, before the stop landed).
    const gate = new Client({ connectionString: harness.stack.database('training-service').url });
    await gate.connect();
    await gate.query('SELECT pg_advisory_lock($1)', [GATE_LOCK]);
    await harness.trainingRows(`
      CREATE FUNCTION hold_checkpoint_50() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.step = 50 THEN PERFORM pg_advisory_xact_lock(${GATE_LOCK}); END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER hold_checkpoint_50 BEFORE INSERT ON training_checkpoints FOR EACH ROW EXECUTE FUNCTION hold_checkpoint_50();`);
    try {
      const job = await create(RACED_JOB);
      await waitUntil(
        () => harness.trainingRows(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND wait_event = 'advisory'`),
        (waiting) => waiting.length === 1,
        { timeoutMs: 120_000, what: "the first worker to reach the gate at its step-50 checkpoint" },
      );
      signal(first, 'SIGSTOP');
      try {
        // The stopped worker's INSERT now goes through, and its transaction sits open on the job's row until Postgres
        // ends the idle session 5 s later (the lease's idle limit): its step-50 checkpoint is never recorded.
        await gate.query('SELECT pg_advisory_unlock($1)', [GATE_LOCK]);
        // The second worker's stalled-job check hands the job over. It holds the job under the default 30-s lock: a
        // 2-s one lapses on a loaded machine while the worker is busy, and the first worker, awake again, would count
        // that as a second stall past the suite's limit of one and fail the job (a run with two busy loops did).
        const second = await harness.addWorker();
        second.start();
        await second.waitReady();
        await waitUntil(() => events(job), (messages) => messages.some((m) => /picked up again/.test(m)), { timeoutMs: 60_000, what: 'the second worker to take the job over' });
      } finally {
        signal(first, 'SIGCONT');
      }
      // The first worker wakes mid-job without its lease: it must find that out and stop.
      await waitUntil(async () => first.output.some((line) => line.includes('training attempt taken over by another worker')), (seen) => seen, {
        timeoutMs: 60_000,
        what: 'the first worker to find its job taken over',
      });
      const succeeded = await harness.finished(tenant, job.id);
      const { steps, batchSize, checkpointEvery } = RACED_JOB.hyperparameters;
      expect(succeeded).toMatchObject({ status: 'succeeded', error: null, trainedTokens: steps * batchSize * TINY_MODEL.contextLength });

      const log = await eventLog(job);
      const pickup = log.filter((e) => /picked up again/.test(e.message));
      expect(pickup.map((e) => e.message)).toEqual([expect.stringMatching(/resuming from the checkpoint at step 25$/)]);
      // After the takeover only the second attempt reports: from step 26 on, its steps only go forward.
      const resumed = log.filter((e) => BigInt(e.id) > BigInt(pickup[0].id) && (e.type === 'progress' || e.type === 'checkpoint')).map((e) => e.data!.step!);
      expect(resumed.length).toBeGreaterThan(1);
      expect(Math.min(...resumed)).toBeGreaterThan(25);
      expect(resumed).toEqual([...resumed].sort((a, b) => a - b));
      // The stale attempt's wake-up failure is not a failed attempt of the job: it wrote nothing.
      expect(log.filter((e) => e.type === 'attempt_failed')).toEqual([]);
      expect(log.filter((e) => e.type === 'status' && e.message.startsWith('succeeded'))).toHaveLength(1);
      expect(await harness.trainingRows('SELECT id FROM models WHERE job_id = $1', [job.id])).toHaveLength(1);
      // No checkpoint file was rewritten after it was recorded (a stale attempt's upload would land later).
      const recorded = await harness.trainingRows<{ step: number; blob_key: string; created_at: Date }>(
        'SELECT step, blob_key, created_at FROM training_checkpoints WHERE job_id = $1 ORDER BY step',
        [job.id],
      );
      expect(recorded.map((c) => c.step)).toEqual(Array.from({ length: steps / checkpointEvery }, (_, i) => (i + 1) * checkpointEvery));
      for (const checkpoint of recorded) {
        expect(statSync(path.join(harness.blobDir, 'blobs', checkpoint.blob_key)).mtimeMs).toBeLessThanOrEqual(checkpoint.created_at.getTime() + 1);
      }
    } finally {
      await gate.end();
      await harness.trainingRows('DROP TRIGGER hold_checkpoint_50 ON training_checkpoints; DROP FUNCTION hold_checkpoint_50();');
    }
  });
});
