import { TOPICS } from '@llmchain/contracts';
import { queryRows, waitUntil } from '@llmchain/testing';
import { randomUUID } from 'node:crypto';
import { generateCorpus } from '../../tools/corpus-generator/generate-corpus';
import { Job, Tenant, TrainingHarness } from './training-harness';

const TINY_MODEL = { layers: 1, heads: 2, embeddingSize: 32, contextLength: 32, vocabSize: 320 };

/**
 * Idempotency-Key through the chain's paying POSTs: an upload retried with a new multipart boundary replays the
 * first answer (the key binds to the file's SHA-256), a retried cleaning run starts once, and a training job retried
 * concurrently and after it ran is created, trained and reported for billing exactly once.
 */
describe('Idempotency-Key on uploads, cleaning runs and training jobs', () => {
  const harness = new TrainingHarness();
  let tenant: Tenant;
  const corpusLines = (seed: number) =>
    [...generateCorpus({ targetBytes: 60_000, seed })].map(({ document }) => JSON.stringify({ id: document.id, text: document.text })).join('\n');

  const send = async (base: string, path: string, key: string, body: FormData | object) => {
    const headers: Record<string, string> = { authorization: `Bearer ${tenant.key}`, 'idempotency-key': key };
    if (!(body instanceof FormData)) headers['content-type'] = 'application/json';
    const response = await fetch(`${base}${path}`, { method: 'POST', headers, body: body instanceof FormData ? body : JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as any, replayed: response.headers.get('idempotent-replayed') };
  };
  const upload = (key: string, text: string) => {
    const form = new FormData();
    form.append('file', new Blob([text]), 'corpus.jsonl');
    return send(harness.data.baseUrl, '/corpora', key, form);
  };
  const dataRows = (sql: string, params: unknown[]) => queryRows(harness.stack.database('data-service').url, sql, params);

  beforeAll(async () => {
    await harness.start();
    tenant = await harness.tenant();
  });
  afterAll(() => harness.teardown());

  it('trains and bills a retried training job once, from an upload and a cleaning run retried too', async () => {
    const uploadKey = randomUUID();
    const text = corpusLines(11);
    const first = await upload(uploadKey, text);
    expect(first).toMatchObject({ status: 201, replayed: null, body: { created: true } });
    expect(await upload(uploadKey, text)).toEqual({ status: 201, replayed: 'true', body: first.body });
    const otherFile = await upload(uploadKey, corpusLines(12));
    expect(otherFile.status).toBe(422);
    expect(otherFile.body.message).toMatch(/upload of other content/);
    expect(await dataRows(`SELECT 1 FROM corpora WHERE tenant_id = $1`, [tenant.tenantId])).toHaveLength(1);

    const runKey = randomUUID();
    const runBody = { corpusIds: [first.body.id], datasetName: 'idempotent', settings: { language: { keep: ['en', 'de', 'fr', 'es', 'it'] } } };
    const run = await send(harness.data.baseUrl, '/cleaning-runs', runKey, runBody);
    expect(run.status).toBe(202);
    expect(await send(harness.data.baseUrl, '/cleaning-runs', runKey, runBody)).toEqual({ status: 202, replayed: 'true', body: run.body });
    expect(await dataRows(`SELECT 1 FROM cleaning_runs WHERE tenant_id = $1`, [tenant.tenantId])).toHaveLength(1);
    const cleaned = await waitUntil(
      async () => (await harness.call<{ status: string; datasetVersionId: string | null }>(harness.data, tenant, 'GET', `/cleaning-runs/${run.body.id}`)).body,
      (r) => r.status === 'succeeded' || r.status === 'failed',
      { timeoutMs: 180_000, what: 'the cleaning run' },
    );
    expect(cleaned.status).toBe('succeeded');
    const versionId = cleaned.datasetVersionId!;
    await waitUntil(() => harness.trainingRows('SELECT 1 FROM dataset_version_replicas WHERE id = $1', [versionId]), (rows) => rows.length === 1, {
      timeoutMs: 60_000,
      what: 'dataset.version.ready in training-service',
    });

    const jobKey = randomUUID();
    const jobBody = { kind: 'pretrain', datasetVersionId: versionId, model: TINY_MODEL, hyperparameters: { steps: 8, batchSize: 2, learningRate: 0.005, seed: 3 }, suffix: 'once' };
    const concurrent = await Promise.all(Array.from({ length: 6 }, () => send(harness.training.baseUrl, '/v1/training/jobs', jobKey, jobBody)));
    expect(concurrent.filter((r) => r.status !== 201 && r.status !== 409)).toEqual([]);
    const created = concurrent.filter((r) => r.status === 201);
    expect(new Set(created.map((r) => r.body.id)).size).toBe(1);
    const jobId: string = created[0].body.id;
    const job: Job = await harness.finished(tenant, jobId);
    expect(job.status).toBe('succeeded');
    const late = await send(harness.training.baseUrl, '/v1/training/jobs', jobKey, jobBody);
    expect(late).toMatchObject({ status: 201, replayed: 'true', body: { id: jobId, status: 'validating_files' } });

    expect(await harness.trainingRows(`SELECT 1 FROM training_jobs WHERE tenant_id = $1`, [tenant.tenantId])).toHaveLength(1);
    // Billing charges training per training.job.completed (exactly once per event id): one event, one charge.
    const completed = (await harness.topicEvents(TOPICS.trainingJobCompleted, 1)).filter((e) => e.data.tenantId === tenant.tenantId);
    expect(completed.map((e) => [e.data.jobId, e.data.trainedTokens])).toEqual([[jobId, job.trainedTokens]]);
  });
});
