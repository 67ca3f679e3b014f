import { TOPICS } from '@llmchain/contracts';
import { ServiceProcess, waitUntil } from '@llmchain/testing';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import OpenAI from 'openai';
import { CleaningReport, uploadCorpus } from '../../tools/main-job/chain/data-steps';
import { HttpClient } from '../../tools/main-job/chain/http-client';
import { waitUntilServed } from '../../tools/main-job/chain/serving-steps';
import { TrainingClient, TrainingJob } from '../../tools/train/training-client';
import { ADMIN, ChainStack } from './chain-stack';
import { FaultInjector, Phase, PHASES, planFaults } from './chain-faults';
import { setUpChainTenant } from './chain-tenant';
import { Received, receiveCompletion } from './received-completion';
import { FaultRetries, retryOnFault } from './retry-on-fault';

const SEED = Number(process.env.CHAIN_FAULTS_SEED ?? 20261128);
const BURST = 40;
/** Large enough that cleaning it takes a few seconds, so the data-service can die while it runs. */
const CORPUS_BYTES = 400_000;
const CONTEXT = 32;
const TRAINING = {
  model: { layers: 1, heads: 2, embeddingSize: 32, contextLength: CONTEXT, vocabSize: 320 },
  hyperparameters: { steps: 1000, batchSize: 8, learningRate: 0.005, checkpointEvery: 50 },
};
const TRAINED_TOKENS = TRAINING.hyperparameters.steps * TRAINING.hyperparameters.batchSize * CONTEXT;

/** The chain's stack, with a training worker whose lock lapses 4 s after it dies, so its job resumes within the test. */
class FaultChainStack extends ChainStack {
  override async start(): Promise<void> {
    const blobs = { BLOB_STORE_DIR: this.blobsDir() };
    await this.stack.add('billing-service', { BOOTSTRAP_ADMIN_EMAIL: ADMIN.email, BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password });
    await this.stack.add('data-service', { ...blobs, UPLOAD_MAX_BYTES: String(2_000_000) });
    await this.stack.add('serving-service', { ...blobs, MODELS_DIR: this.modelsDir(), MODEL_CACHE_DIR: path.join(this.dir, 'serving-cache') });
    const training = { ...blobs, TRAINING_WORK_DIR: path.join(this.dir, 'training-work') };
    await this.stack.add('training-service', training);
    await this.stack.addWorker('training-service', 'worker.ts', { ...training, TRAINING_JOB_LOCK_MS: '4000' });
    const processes = this.processes();
    for (const process of processes) process.start();
    // Five processes booting at once on a loaded machine can take longer than startAll's minute.
    await Promise.all(processes.map((p) => p.waitReady(180_000)));
  }

  processes(): ServiceProcess[] {
    return [...this.stack.services.values(), ...this.stack.workers];
  }

  blobsDir(): string {
    return path.join(this.dir, 'blobs');
  }
}

type Position = { phase: number; cleaningRunId: string | null; trainingJobId: string | null; served: number; timings: string[] };

/**
 * The whole chain (corpus → cleaning → tokenizer and GPT training → serving → metering → invoice) while each service and
 * the training worker is SIGKILLed once and Kafka, Redis and Postgres restart once each, at seeded moments. The tenant's
 * program retries what failed because of a fault, as a real one would. Afterwards billing's ledger holds exactly the
 * usage serving and training recorded, and nothing is left half-made.
 *
 * It restarts the shared servers: run it alone (npm test runs e2e projects in band).
 */
describe('the whole chain under faults', () => {
  const chain = new FaultChainStack();
  const retries: FaultRetries = [];
  const position: Position = { phase: -1, cleaningRunId: null, trainingJobId: null, served: 0, timings: [] };

  beforeAll(() => chain.start(), 240_000);
  afterAll(() => chain.teardown());

  /**
   * How far the chain has come through a phase (0…1), read from the services' databases: 1 once the phase's run or job
   * has ended, below 1 while it is still under way (so a fault that fires below 1 is known to have hit running work).
   */
  async function progress(phase: Phase): Promise<number> {
    const UNDER_WAY = 0.99;
    if (phase === 'cleaning') {
      if (!position.cleaningRunId) return 0;
      // Documents, not bytes (the corpus is read far ahead of the documents cleaned); 0.01 as soon as a worker runs it.
      const [run] = await chain.rows<{ status: string; done: number }>(
        'data-service',
        `SELECT r.status, r.documents_processed::float / GREATEST((SELECT sum(c.documents) FROM corpora c WHERE c.id = ANY(r.corpus_ids)), 1) AS done
           FROM cleaning_runs r WHERE r.id = $1`,
        [position.cleaningRunId],
      );
      if (['succeeded', 'failed'].includes(run.status)) return 1;
      return run.status === 'running' ? Math.min(Math.max(run.done, 0.01), UNDER_WAY) : 0;
    }
    if (phase === 'training') {
      if (!position.trainingJobId) return 0;
      // Checkpoints as well as progress reports: a fast run reports its progress once a second, checkpoints every 50 steps.
      const [job] = await chain.rows<{ status: string; progress: { phase: string; step: number } | null; checkpoint: number | null }>(
        'training-service',
        `SELECT status, progress, (SELECT max(step) FROM training_checkpoints WHERE job_id = j.id) AS checkpoint FROM training_jobs j WHERE id = $1`,
        [position.trainingJobId],
      );
      if (['succeeded', 'failed', 'cancelled'].includes(job.status)) return 1;
      if (['evaluating', 'exporting'].includes(job.progress?.phase ?? '')) return UNDER_WAY;
      const reported = job.progress?.phase === 'training' ? job.progress.step : 0;
      return Math.min(Math.max(reported, job.checkpoint ?? 0) / TRAINING.hyperparameters.steps, UNDER_WAY);
    }
    return position.served / BURST;
  }

  it('completes, bills every token exactly once and leaves nothing half-made', async () => {
    const plan = planFaults(SEED);
    const injector = new FaultInjector(
      plan,
      {
        'billing-service': chain.stack.get('billing-service'),
        'data-service': chain.stack.get('data-service'),
        'serving-service': chain.stack.get('serving-service'),
        'training-service': chain.stack.get('training-service'),
        'training-worker': chain.stack.workers[0],
      },
      { phase: () => position.phase, progress },
    );
    const urls = {
      billing: chain.baseUrl('billing-service'),
      data: chain.baseUrl('data-service'),
      training: chain.baseUrl('training-service'),
      serving: chain.baseUrl('serving-service'),
    };
    const tenant = await setUpChainTenant(urls, 'faults');
    const data = new HttpClient(urls.data).withToken(tenant.key);
    const training = new TrainingClient(urls.training, tenant.key);
    const openai = new OpenAI({ baseURL: `${urls.serving}/v1`, apiKey: tenant.key, maxRetries: 0, timeout: 60_000 });
    const billing = new HttpClient(urls.billing).withToken(tenant.key);
    const started = Date.now();

    const injecting = injector.run();
    let phaseStarted = Date.now();
    const enter = (phase: number) => {
      if (position.phase >= 0) position.timings.push(`${PHASES[position.phase]} ${((Date.now() - phaseStarted) / 1000).toFixed(1)} s`);
      phaseStarted = Date.now();
      position.phase = phase;
    };
    const chainRun = async () => {
      enter(PHASES.indexOf('cleaning'));
      const corpus = await retryOnFault('upload the corpus', () => uploadCorpus(data, CORPUS_BYTES, SEED), retries);
      const run = await retryOnFault(
        'start cleaning',
        () => data.post<{ id: string }>('/cleaning-runs', { corpusIds: [corpus.corpusId], datasetName: 'faults', settings: { language: { keep: ['en', 'de', 'fr', 'es', 'it'] } } }),
        retries,
      );
      position.cleaningRunId = run.id;
      const cleaned = await waitUntil(
        () => retryOnFault('follow cleaning', () => data.get<{ status: string; error: string | null; datasetVersionId: string | null }>(`/cleaning-runs/${run.id}`), retries),
        (state) => state.status === 'succeeded' || state.status === 'failed',
        { timeoutMs: 240_000, intervalMs: 500, what: 'the cleaning run to finish' },
      );
      expect(cleaned).toMatchObject({ status: 'succeeded', error: null });
      const version = await retryOnFault('read the dataset version', () => data.get<{ report: CleaningReport }>(`/dataset-versions/${cleaned.datasetVersionId}`), retries);
      expect(version.report.documentsOut).toBeGreaterThan(0);

      enter(PHASES.indexOf('training'));
      // training-service learns of the version from dataset.version.ready, after data-service answers that it exists:
      // until then it answers 404 "not ready yet", and the tenant tries again.
      const created = await waitUntil(
        () =>
          retryOnFault(
            'start training',
            () => training.createJob({ kind: 'pretrain', datasetVersionId: cleaned.datasetVersionId, suffix: 'faults', ...TRAINING }),
            retries,
          ).catch((error: Error) => {
            if (!/answered 404: .*not ready yet/.test(error.message)) throw error;
            retries.push({ call: 'start training before training-service knew the version', failure: `${new Date().toISOString()} ${error.message}` });
            return null;
          }),
        (job): job is TrainingJob => job !== null,
        { timeoutMs: 120_000, intervalMs: 1_000, what: 'training-service to learn of the dataset version' },
      ) as TrainingJob;
      position.trainingJobId = created.id;
      const job = await waitUntil(
        () => retryOnFault('follow training', () => training.job(created.id), retries),
        (state: TrainingJob) => ['succeeded', 'failed', 'cancelled'].includes(state.status),
        { timeoutMs: 480_000, intervalMs: 1_000, what: 'the training job to finish' },
      );
      expect(job).toMatchObject({ status: 'succeeded', error: null, trainedTokens: TRAINED_TOKENS });
      const model = await retryOnFault('read the model', () => new HttpClient(urls.training).withToken(tenant.key).get<{ name: string }>(`/v1/models/${job.modelId}`), retries);

      enter(PHASES.indexOf('serving'));
      await retryOnFault('wait until served', () => waitUntilServed(openai, model.name), retries, 300_000);
      const completions = await serveBurst(openai, model.name, () => injector.injected.length < plan.length);
      enter(PHASES.length);
      return { job, model, completions };
    };
    const injectorFailed = injecting.then(() => new Promise<never>(() => undefined));
    const { job, model, completions } = await Promise.race([chainRun(), injectorFailed]).catch((error) => {
      injector.stopped = true;
      throw error;
    });
    await injecting;

    process.stdout.write(
      [
        `chain under faults (seed ${SEED}): ${((Date.now() - started) / 1000).toFixed(1)} s (${position.timings.join(', ')}), ${completions.length} completions`,
        ...injector.injected.map(
          (f) => `  ${f.startedAt} ${f.fault} in ${f.phase} at ${f.progress.toFixed(2)} (planned ${f.at})${f.duringPhase ? '' : ' after it'}, back in ${f.recoveredInMs} ms`,
        ),
        `  ${retries.length} calls retried after a fault:`,
        ...retriesByCall(retries).map(([call, { count, first }]) => `    ${call} ×${count}, first: ${first}`),
        '',
      ].join('\n'),
    );
    expect(injector.injected.map((f) => f.fault).sort()).toEqual(
      ['billing-service', 'data-service', 'kafka', 'postgres', 'redis', 'serving-service', 'training-service', 'training-worker'],
    );
    const events = await chain.rows<{ message: string }>('training-service', `SELECT message FROM training_job_events WHERE job_id = $1 ORDER BY id`, [job.id]);
    expect(events.map((e) => e.message)).toContainEqual(expect.stringMatching(/^picked up again\b.*resuming from the checkpoint at step \d+/));

    // The burst got its answers, and the model still serves.
    expect(completions.length).toBeGreaterThanOrEqual(BURST);
    const sample = await retryOnFault('a last completion', () => openai.completions.create({ model: model.name, prompt: 'The ', max_tokens: 8 }), retries);
    expect(sample.usage?.completion_tokens).toBeGreaterThan(0);
    const received = [...completions, { id: sample.id, prompt: sample.usage!.prompt_tokens, completion: sample.usage!.completion_tokens }];

    await expectExactBilling(tenant.tenantId, billing, received);
    await expectNothingHalfMade(tenant.tenantId);
    // Every fault landed while its phase's work was under way: cleaning or training not yet finished, completions running.
    const outsideWork = injector.injected.filter((f) => !f.duringPhase || (f.phase !== 'serving' && f.progress >= 1));
    expect(outsideWork.map((f) => `${f.fault} in ${f.phase} at ${f.progress.toFixed(2)}${f.duringPhase ? '' : ' after it'}`)).toEqual([]);
  }, 900_000);

  /**
   * At least BURST completions, four at a time, every third one streamed, going on until every fault has fired: usage
   * is being recorded, published and consumed while each service dies and each server restarts.
   */
  async function serveBurst(openai: OpenAI, model: string, faultsPending: () => boolean): Promise<Received[]> {
    const received: Received[] = [];
    let next = 0;
    const lane = async () => {
      for (let i = next++; i < BURST || faultsPending(); i = next++) {
        received.push(await retryOnFault(`completion ${i}`, () => receiveCompletion(openai, model, i, i % 3 === 0), retries));
        position.served += 1;
        if (i >= BURST) await sleep(250);
      }
    };
    await Promise.all([lane(), lane(), lane(), lane()]);
    return received;
  }

  /**
   * Billing's ledger equals what serving and training recorded in their outboxes: each usage.recorded and
   * training.job.completed event applied once (its id once in processed_events), no event missing, the token sums exact.
   * And serving recorded what its clients were told: each completion a client received has one event with exactly the
   * usage in its response; the only other events are of calls the client saw fail (or the load probe, whose id it
   * does not keep), so the ledger is the clients' own sum plus at most that many cut-short requests.
   */
  async function expectExactBilling(tenantId: string, billing: HttpClient, received: Received[]): Promise<void> {
    // A killed serving process's running requests are settled by its successor once its heartbeat is stale.
    await waitUntil(
      () =>
        chain.rows<{ request_id: string; owner_alive: boolean }>(
          'serving-service',
          `SELECT r.request_id, i.heartbeat_at > now() - interval '10 seconds' AS owner_alive
             FROM usage_reservations r LEFT JOIN serving_instances i ON i.instance_id = r.owner_id`,
        ),
      (left) => left.length === 0,
      { timeoutMs: 120_000, intervalMs: 1_000, what: 'every usage reservation to be settled' },
    );
    const usage = await chain.rows<{ event_id: string; request_id: string; prompt: number; completion: number }>(
      'serving-service',
      `SELECT event_id::text, payload->'data'->>'requestId' AS request_id,
              (payload->'data'->>'promptTokens')::int AS prompt, (payload->'data'->>'completionTokens')::int AS completion
         FROM outbox_events WHERE topic = $1`,
      [TOPICS.usageRecorded],
    );
    const recordedFor = (id: string) => usage.filter((e) => e.request_id === id).map((e) => ({ prompt: e.prompt, completion: e.completion }));
    expect(received.filter((r) => JSON.stringify(recordedFor(r.id)) !== JSON.stringify([{ prompt: r.prompt, completion: r.completion }]))).toEqual([]);
    const receivedIds = new Set(received.map((r) => r.id));
    const notReceived = usage.filter((e) => !receivedIds.has(e.request_id));
    const failedCalls = retries.filter((r) => /^(completion \d+|a last completion|wait until served)$/.test(r.call)).length;
    expect(notReceived.length).toBeLessThanOrEqual(1 + failedCalls);
    const trained = await chain.rows<{ event_id: string; tokens: number }>(
      'training-service',
      `SELECT event_id::text, (payload->'data'->>'trainedTokens')::int AS tokens FROM outbox_events WHERE topic = $1`,
      [TOPICS.trainingJobCompleted],
    );
    expect(usage.length).toBeGreaterThanOrEqual(BURST);
    expect(trained.map((e) => e.tokens)).toEqual([TRAINED_TOKENS]);
    const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
    const expected = {
      prompt: { tokens: sum(usage.map((e) => e.prompt)), events: usage.filter((e) => e.prompt > 0).length },
      completion: { tokens: sum(usage.map((e) => e.completion)), events: usage.filter((e) => e.completion > 0).length },
      training: { tokens: TRAINED_TOKENS, events: 1 },
    };
    // Meter by meter in a fixed order, so the poll below can compare with expected as it is.
    const totals = async () => {
      const rows = await chain.rows<{ meter: string; tokens: number; events: number }>(
        'billing-service',
        `SELECT meter, SUM(tokens)::int AS tokens, SUM(events)::int AS events FROM usage_ledger WHERE tenant_id = $1 GROUP BY meter`,
        [tenantId],
      );
      const of = (meter: string) => {
        const row = rows.find((r) => r.meter === meter);
        return row ? { tokens: row.tokens, events: row.events } : null;
      };
      return { prompt: of('prompt'), completion: of('completion'), training: of('training') };
    };
    await waitUntil(totals, (current) => JSON.stringify(current) === JSON.stringify(expected), {
      timeoutMs: 180_000,
      intervalMs: 1_000,
      what: 'billing to consume every usage event',
    }).catch(() => undefined);
    await sleep(3_000); // late redeliveries would land now; they must change nothing
    expect(await totals()).toEqual(expected);

    const processed = await chain.rows<{ event_id: string; topic: string }>(
      'billing-service',
      // The ledger's own record (billing's webhook consumer keeps one of its own for training.job.completed).
      `SELECT event_id::text, topic FROM processed_events WHERE topic = ANY($1) AND consumer = 'billing-service' ORDER BY 1`,
      [[TOPICS.usageRecorded, TOPICS.trainingJobCompleted]],
    );
    const byTopic = (topic: string) => processed.filter((p) => p.topic === topic).map((p) => p.event_id).sort();
    expect(byTopic(TOPICS.usageRecorded)).toEqual(usage.map((e) => e.event_id).sort());
    expect(byTopic(TOPICS.trainingJobCompleted)).toEqual(trained.map((e) => e.event_id));

    // What the tenant sees agrees, and the invoice so far prices it.
    const seen = await retryOnFault('read usage', () => billing.get<{ totals: Record<string, string | number> }>('/v1/usage'), retries);
    expect({ prompt: Number(seen.totals.prompt), completion: Number(seen.totals.completion), training: Number(seen.totals.training) }).toEqual({
      prompt: expected.prompt.tokens,
      completion: expected.completion.tokens,
      training: TRAINED_TOKENS,
    });
    const invoice = await retryOnFault('read the upcoming invoice', () => billing.get<{ totalMinor: string | number; lines: unknown[] }>('/v1/invoices/upcoming'), retries);
    expect(invoice.lines.length).toBeGreaterThan(0);
    expect(Number(invoice.totalMinor)).toBeGreaterThan(0);
  }

  /** No job, run or invoice stopped between its states, and every stored thing a row points to is in the blob store. */
  async function expectNothingHalfMade(tenantId: string): Promise<void> {
    expect(await chain.rows('training-service', `SELECT id, status FROM training_jobs WHERE status IN ('validating_files', 'queued', 'running')`)).toEqual([]);
    expect(await chain.rows('data-service', `SELECT id, status FROM cleaning_runs WHERE status IN ('queued', 'running')`)).toEqual([]);

    const versions = await chain.rows<{ id: string; manifest_blob_key: string; manifest_sha256: string }>(
      'data-service',
      `SELECT id, manifest_blob_key, manifest_sha256 FROM dataset_versions WHERE tenant_id = $1`,
      [tenantId],
    );
    expect(versions.length).toBeGreaterThan(0);
    for (const version of versions) expect(await sha256Of(version.manifest_blob_key)).toBe(version.manifest_sha256);

    const models = await chain.rows<{ artifact_blob_key: string; files: { path: string; bytes: number; sha256: string }[] }>(
      'training-service',
      `SELECT artifact_blob_key, files FROM models WHERE tenant_id = $1`,
      [tenantId],
    );
    expect(models).toHaveLength(1);
    for (const model of models) {
      expect(model.files.length).toBeGreaterThan(0);
      for (const file of model.files) expect(await sha256Of(`${model.artifact_blob_key}/${file.path}`)).toBe(file.sha256);
    }

    const invoices = await chain.rows<{ id: string; lines: number; total_minor: string | null }>(
      'billing-service',
      `SELECT i.id, count(l.position)::int AS lines, i.total_minor::text FROM invoices i LEFT JOIN invoice_lines l ON l.invoice_id = i.id GROUP BY i.id`,
    );
    expect(invoices.filter((i) => i.lines === 0 || i.total_minor === null)).toEqual([]);
  }

  async function sha256Of(blobKey: string): Promise<string> {
    return createHash('sha256')
      .update(await readFile(path.join(chain.blobsDir(), ...blobKey.split('/'))))
      .digest('hex');
  }
});

/** Retries grouped by the call (completions as one), each with how often and the first failure. */
function retriesByCall(retries: FaultRetries): [string, { count: number; first: string }][] {
  const grouped = new Map<string, { count: number; first: string }>();
  for (const { call, failure } of retries) {
    const key = call.replace(/ \d+$/, '');
    const group = grouped.get(key) ?? { count: 0, first: failure };
    group.count += 1;
    grouped.set(key, group);
  }
  return [...grouped.entries()];
}
