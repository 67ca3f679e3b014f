import { TOPICS } from '@llmchain/contracts';
import { infraEnv, S3TestBucket, ServiceProcess, waitUntil } from '@llmchain/testing';
import Redis from 'ioredis';
import { setTimeout as sleep } from 'node:timers/promises';
import OpenAI from 'openai';
import { cleanCorpus, uploadCorpus } from '../../tools/main-job/chain/data-steps';
import { HttpClient } from '../../tools/main-job/chain/http-client';
import { waitUntilServed } from '../../tools/main-job/chain/serving-steps';
import { trainModel } from '../../tools/main-job/chain/training-steps';
import { CHAIN_SERVICES } from '../chain/chain-stack';
import { setUpChainTenant } from '../chain/chain-tenant';
import { Received, receiveCompletion } from '../chain/received-completion';
import { FaultRetries, retryOnFault } from '../chain/retry-on-fault';
import { jobHolder } from './job-holder';
import { Kind, ScaleStack } from './scale-stack';

const SEED = 18;
/** About 50 documents: five 10-document shards, so both cleaning workers hold one when the first dies. */
const CORPUS_BYTES = 120_000;
const CONTEXT = 32;
const TRAINING = {
  model: { layers: 1, heads: 2, embeddingSize: 32, contextLength: CONTEXT, vocabSize: 320 },
  hyperparameters: { steps: 300, batchSize: 8, learningRate: 0.005, checkpointEvery: 25 },
};
const TRAINED_TOKENS = TRAINING.hyperparameters.steps * TRAINING.hyperparameters.batchSize * CONTEXT;
const COMPLETIONS = 24;
/** The serving and billing replicas die once this many completions were answered. */
const KILL_AFTER_COMPLETIONS = 6;

/**
 * The whole chain on two processes of every kind (each service, the training workers, the cleaning workers), sharing
 * only Postgres, Redis, Kafka and S3, with the tenant's calls spread over the replicas by a round-robin balancer.
 * One replica of each kind is SIGKILLed while its kind has work under way and is not restarted: a cleaning worker
 * and a data-service replica while shards are cleaned, the training worker running the job and a training-service
 * replica while it trains, a serving and a billing replica while completions are served and metered. The chain
 * completes on the survivors, and nothing is lost or doubled: every document has one decision, the ledger holds
 * exactly what serving and training recorded (each event applied once), the job resumed rather than restarted, and
 * the invoice run ran once per period across the two billing replicas.
 */
describe('two of every process, one of each SIGKILLed mid-way', () => {
  const bucket = new S3TestBucket();
  let chain: ScaleStack;
  const retries: FaultRetries = [];
  const killed: Kind[] = [];

  beforeAll(async () => {
    await bucket.create();
    chain = new ScaleStack(bucket.env);
    await chain.start();
  }, 300_000);
  afterAll(async () => {
    await chain?.teardown();
    await bucket.remove();
  });

  async function kill(kind: Kind, process: ServiceProcess): Promise<void> {
    const exit = await process.kill('SIGKILL');
    if (exit.signal !== 'SIGKILL') throw new Error(`${kind} ended by ${JSON.stringify(exit)} before it could be killed:\n${process.tail()}`);
    killed.push(kind);
  }

  /** Kills when `due` first holds (polled), unless `stop` says the phase is over: then the kill is missing from `killed`. */
  async function killWhen(due: () => Promise<boolean>, victims: () => Promise<[Kind, ServiceProcess][]>, stop: () => boolean): Promise<void> {
    while (!stop()) {
      if (await due().catch(() => false)) {
        for (const [kind, process] of await victims()) await kill(kind, process);
        return;
      }
      await sleep(100);
    }
  }

  it('completes the chain on the survivors with nothing lost or doubled', async () => {
    const started = Date.now();
    const urls = chain.urls();
    const tenant = await setUpChainTenant(urls, 'scale');
    const data = new HttpClient(urls.data).withToken(tenant.key);

    // Cleaning: once a shard is done and the run still goes on, both cleaning workers hold shards.
    const corpus = await uploadCorpus(data, CORPUS_BYTES, SEED);
    let cleaningOver = false;
    const cleaningKills = killWhen(
      async () => {
        const [run] = await chain.rows<{ shards: number }>(
          'data-service',
          `SELECT count(s.shard)::int AS shards FROM cleaning_runs r JOIN cleaning_shards s ON s.run_id = r.id WHERE r.status = 'running' GROUP BY r.id`,
        );
        return (run?.shards ?? 0) >= 1;
      },
      async () => [
        ['cleaning-worker', chain.of('cleaning-worker')[0]],
        ['data-service', chain.of('data-service')[0]],
      ],
      () => cleaningOver,
    );
    const cleaned = await cleanCorpus(data, corpus.corpusId, 'scale', null).finally(() => (cleaningOver = true));
    await cleaningKills;

    // Training: a fifth of the steps in (a checkpoint or two behind), the worker running the attempt is killed.
    let trainingOver = false;
    let attempt: { id: string; lease: string } | undefined;
    const trainingKills = killWhen(
      async () => {
        const [job] = await chain.rows<{ id: string; lease: string; step: number | null }>(
          'training-service',
          `SELECT id, run_lease::text AS lease, (progress->>'step')::int AS step FROM training_jobs
            WHERE status = 'running' AND progress->>'phase' = 'training'`,
        );
        attempt = job;
        return (job?.step ?? 0) >= TRAINING.hyperparameters.steps / 5;
      },
      async () => {
        const { id, lease } = attempt as NonNullable<typeof attempt>;
        return [
          ['training-worker', jobHolder(chain.of('training-worker'), id, lease)],
          ['training-service', chain.of('training-service')[0]],
        ];
      },
      () => trainingOver,
    );
    const model = await trainModel(new HttpClient(urls.training).withToken(tenant.key), tenant.key, cleaned.datasetVersionId, TRAINING, null).finally(() => (trainingOver = true));
    await trainingKills;
    expect(model.job).toMatchObject({ status: 'succeeded', trainedTokens: TRAINED_TOKENS });

    // Serving: each replica loads the model from the bucket into its own cache before the burst.
    for (const replica of chain.of('serving-service')) {
      await waitUntilServed(new OpenAI({ baseURL: `${replica.baseUrl}/v1`, apiKey: tenant.key, maxRetries: 0 }), model.modelName);
    }
    const openai = new OpenAI({ baseURL: `${urls.serving}/v1`, apiKey: tenant.key, maxRetries: 0, timeout: 60_000 });
    const received = await serveBurst(openai, model.modelName, async () => {
      await kill('serving-service', chain.of('serving-service')[0]);
      await kill('billing-service', chain.of('billing-service')[0]);
    });
    const elapsedMs = Date.now() - started;
    process.stdout.write(`two of every process: chain in ${(elapsedMs / 1000).toFixed(1)} s, killed ${killed.join(', ')}, ${retries.length} calls retried\n`);

    expect([...killed].sort()).toEqual(['billing-service', 'cleaning-worker', 'data-service', 'serving-service', 'training-service', 'training-worker']);
    // Every service's balancer sent calls to both of its replicas.
    for (const service of CHAIN_SERVICES) expect(chain.proxies.get(service)!.proxy.answered.every((count) => count > 0)).toBe(true);

    await expectOneDecisionPerDocument(tenant.key, cleaned.datasetVersionId, corpus.corpusId);
    const events = await chain.rows<{ message: string }>('training-service', `SELECT message FROM training_job_events WHERE job_id = $1 ORDER BY id`, [model.job.id]);
    expect(events.map((e) => e.message)).toContainEqual(expect.stringMatching(/^picked up again\b.*resuming from the checkpoint at step \d+/));
    await expectExactLedger(tenant.tenantId, received);
    await expectOneInvoiceRunPerPeriod(Date.now() - chain.startedAt);
  }, 600_000);

  /**
   * COMPLETIONS completions, two at a time, every third streamed, through the balancer; `midway` runs once
   * KILL_AFTER_COMPLETIONS were answered while the others are in flight. A call the kill cut off is retried.
   */
  async function serveBurst(openai: OpenAI, model: string, midway: () => Promise<void>): Promise<Received[]> {
    const received: Received[] = [];
    let next = 0;
    let killing: Promise<void> | null = null;
    const lane = async () => {
      for (let i = next++; i < COMPLETIONS; i = next++) {
        received.push(await retryOnFault(`completion ${i}`, () => receiveCompletion(openai, model, i, i % 3 === 0), retries));
        if (received.length === KILL_AFTER_COMPLETIONS) killing = midway();
      }
    };
    await Promise.all([lane(), lane()]);
    await killing;
    return received;
  }

  /** The dataset version decides each of the corpus's documents exactly once, though its shards were redone. */
  async function expectOneDecisionPerDocument(key: string, versionId: string, corpusId: string): Promise<void> {
    const response = await fetch(`${chain.baseUrl('data-service')}/dataset-versions/${versionId}/decisions`, { headers: { authorization: `Bearer ${key}` } });
    expect(response.status).toBe(200);
    const decisions = (await response.text())
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as { documentId: string });
    const [{ documents }] = await chain.rows<{ documents: number }>('data-service', 'SELECT documents FROM corpora WHERE id = $1', [corpusId]);
    expect(documents).toBeGreaterThan(40);
    expect(decisions).toHaveLength(documents);
    expect(new Set(decisions.map((d) => d.documentId)).size).toBe(documents);
  }

  /**
   * Billing's ledger equals what serving and training recorded in their outboxes, each event applied once (its id
   * once in processed_events); each completion the client received has exactly one usage event with its usage.
   */
  async function expectExactLedger(tenantId: string, received: Received[]): Promise<void> {
    // The killed serving replica's running requests are settled by the survivor once its heartbeat is stale.
    await waitUntil(() => chain.rows('serving-service', 'SELECT request_id FROM usage_reservations'), (left) => left.length === 0, {
      timeoutMs: 60_000,
      what: 'every usage reservation to be settled',
    });
    const usage = await chain.rows<{ event_id: string; request_id: string; prompt: number; completion: number }>(
      'serving-service',
      `SELECT event_id::text, payload->'data'->>'requestId' AS request_id,
              (payload->'data'->>'promptTokens')::int AS prompt, (payload->'data'->>'completionTokens')::int AS completion
         FROM outbox_events WHERE topic = $1`,
      [TOPICS.usageRecorded],
    );
    for (const r of received) expect(usage.filter((e) => e.request_id === r.id).map((e) => ({ prompt: e.prompt, completion: e.completion }))).toEqual([{ prompt: r.prompt, completion: r.completion }]);
    const trained = await chain.rows<{ event_id: string; tokens: number }>(
      'training-service',
      `SELECT event_id::text, (payload->'data'->>'trainedTokens')::int AS tokens FROM outbox_events WHERE topic = $1`,
      [TOPICS.trainingJobCompleted],
    );
    expect(trained.map((e) => e.tokens)).toEqual([TRAINED_TOKENS]);
    const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
    const expected = {
      prompt: sum(usage.map((e) => e.prompt)),
      completion: sum(usage.map((e) => e.completion)),
      training: TRAINED_TOKENS,
    };
    const totals = async () => {
      const rows = await chain.rows<{ meter: string; tokens: number }>(
        'billing-service',
        `SELECT meter, SUM(tokens)::int AS tokens FROM usage_ledger WHERE tenant_id = $1 GROUP BY meter`,
        [tenantId],
      );
      const of = (meter: string) => rows.find((r) => r.meter === meter)?.tokens ?? 0;
      return { prompt: of('prompt'), completion: of('completion'), training: of('training') };
    };
    await waitUntil(totals, (current) => JSON.stringify(current) === JSON.stringify(expected), { timeoutMs: 90_000, what: 'billing to consume every usage event' }).catch(() => undefined);
    await sleep(3_000); // late redeliveries would land now; they must change nothing
    expect(await totals()).toEqual(expected);
    const processed = await chain.rows<{ event_id: string; topic: string }>(
      'billing-service',
      `SELECT event_id::text, topic FROM processed_events WHERE topic = ANY($1) AND consumer = 'billing-service'`,
      [[TOPICS.usageRecorded, TOPICS.trainingJobCompleted]],
    );
    const ids = (topic: string) => processed.filter((p) => p.topic === topic).map((p) => p.event_id).sort();
    expect(ids(TOPICS.usageRecorded)).toEqual(usage.map((e) => e.event_id).sort());
    expect(ids(TOPICS.trainingJobCompleted)).toEqual(trained.map((e) => e.event_id));
  }

  /**
   * Both billing replicas tick the invoice run every 2 s; through the lease it ran once a period (each run takes a
   * new fencing token), not once a tick per replica, and no tenant has two invoices for a period.
   */
  async function expectOneInvoiceRunPerPeriod(runningMs: number): Promise<void> {
    const redis = new Redis(infraEnv().REDIS_URL);
    try {
      const runs = Number(await redis.get(`llmchain:lease:{${chain.stack.topicPrefix}billing-service:invoice-run}:fence`));
      expect(runs).toBeGreaterThan(0);
      // At most one run a period (90% of the interval), and one more for a takeover after the kill; two replicas
      // running it on every tick would make it runningMs / 1000.
      expect(runs).toBeLessThanOrEqual(Math.ceil(runningMs / 1_800) + 1);
    } finally {
      redis.disconnect();
    }
    expect(await chain.rows('billing-service', 'SELECT tenant_id, period FROM invoices GROUP BY 1, 2 HAVING count(*) > 1')).toEqual([]);
  }
});
