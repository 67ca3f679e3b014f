import { TOPICS } from '@llmchain/contracts';
import { CleaningPipeline, readDocuments, SourceDocument } from '@llmchain/data-cleaning';
import { queryRows, ServiceProcess, ServiceStack, waitUntil } from '@llmchain/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { generateCorpus } from '../../tools/corpus-generator/generate-corpus';
import { bearer, call, issueKey, uploadFile } from './data-api';

type Run = { id: string; status: string; error: string | null; datasetVersionId: string | null; progress: { documentsProcessed: number } };

/**
 * data-service SIGKILLed in the middle of a cleaning run it was cleaning itself (no worker processes), then started
 * again: the run finishes once, with the decisions an uninterrupted single-process pipeline makes, into one dataset
 * version announced once. Before that, two starts of the run racing under one Idempotency-Key make one run.
 */
describe('data-service recovers a cleaning run it died in the middle of', () => {
  const stack = new ServiceStack();
  const blobRoot = mkdtempSync(path.join(tmpdir(), 'cleaning-recovery-e2e-'));
  let service: ServiceProcess;
  let key: string;
  let corpusId: string;
  let runId: string;
  const corpus = [...generateCorpus({ targetBytes: 1_000_000, seed: 321, nearDuplicateShare: 0.1 })]
    .map(({ document }) => JSON.stringify({ text: document.text }))
    .join('\n');
  const rows = <Row>(sql: string, values: unknown[]) => queryRows<Row>(stack.database('data-service').url, sql, values);
  const runOf = async (id: string) => (await call<Run>(service.baseUrl, key, 'GET', `/cleaning-runs/${id}`)).body;

  beforeAll(async () => {
    service = await stack.add('data-service', {
      BLOB_STORE_DIR: blobRoot,
      QUEUE_PREFIX: `test:${stack.topicPrefix}`,
      // One thread cleans, so the run lasts long enough to be caught in the middle; a dead holder's job is taken
      // back 3 s after its lock lapses.
      CLEANING_WORKERS: '1',
      CLEANING_JOB_LOCK_MS: '3000',
    });
    await stack.startAll();
    ({ key } = await issueKey(stack));
    const upload = await uploadFile<{ id: string }>(service.baseUrl, key, 'recovery.jsonl', corpus);
    expect(upload.status).toBe(201);
    corpusId = upload.body.id;
  });
  afterAll(async () => {
    await stack.teardown();
    rmSync(blobRoot, { recursive: true, force: true });
  });

  it('starts one run for two racing requests with the same Idempotency-Key: the other gets 409 or the first one’s answer', async () => {
    const start = () =>
      fetch(`${service.baseUrl}/cleaning-runs`, {
        method: 'POST',
        headers: { ...bearer(key), 'content-type': 'application/json', 'idempotency-key': 'recovery-run-1' },
        body: JSON.stringify({ corpusIds: [corpusId], datasetName: 'recovered' }),
      }).then(async (response) => ({ status: response.status, replayed: response.headers.get('idempotent-replayed'), body: (await response.json()) as Run & { message?: string } }));
    const replies = await Promise.all([start(), start()]);
    const created = replies.filter((r) => r.status === 202 && r.replayed !== 'true');
    expect(created).toHaveLength(1);
    runId = created[0].body.id;
    for (const other of replies.filter((r) => r !== created[0])) {
      if (other.status === 409) expect(other.body.message).toMatch(/still in progress/);
      else expect(other).toMatchObject({ status: 202, replayed: 'true', body: { id: runId } });
    }
    expect(await rows(`SELECT id::text FROM cleaning_runs`, [])).toEqual([{ id: runId }]);
  });

  it('finishes the run once after a SIGKILL mid-run, deciding every document as an uninterrupted pipeline does', async () => {
    const midRun = await waitUntil(() => runOf(runId), (r) => r.status === 'running' && r.progress.documentsProcessed > 0, {
      what: 'the run to be cleaning',
      timeoutMs: 120_000,
      intervalMs: 50,
    });
    expect((await service.kill('SIGKILL')).signal).toBe('SIGKILL');
    // The truth, computed only now so that the run is not slowed while it is being caught.
    const source: SourceDocument[] = [];
    for await (const document of readDocuments(Readable.from([Buffer.from(corpus)]), 'jsonl', corpusId)) source.push(document);
    const single = new CleaningPipeline();
    const expected = source.map((document) => single.process(document).decision);
    // It died in the middle: some documents done, not all, and the run still recorded as running.
    expect(midRun.progress.documentsProcessed).toBeLessThan(source.length);
    expect(await rows(`SELECT status FROM cleaning_runs WHERE id = $1`, [runId])).toEqual([{ status: 'running' }]);

    service.start();
    await service.waitReady();
    const run = await waitUntil(() => runOf(runId), (r) => r.status === 'succeeded' || r.status === 'failed', { what: 'the run to finish', timeoutMs: 180_000 });
    expect(run).toMatchObject({ status: 'succeeded', error: null, progress: { documentsProcessed: source.length } });

    const decisions = (await (await fetch(`${service.baseUrl}/dataset-versions/${run.datasetVersionId}/decisions`, { headers: bearer(key) })).text())
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as unknown);
    expect(decisions).toEqual(expected);
    const versions = await rows<{ id: string; version: number }>(`SELECT id::text, version FROM dataset_versions`, []);
    expect(versions).toEqual([{ id: run.datasetVersionId, version: 1 }]);
    const announced = await rows<{ n: number }>(`SELECT count(*)::int AS n FROM outbox_events WHERE topic = $1`, [TOPICS.datasetVersionReady]);
    expect(announced).toEqual([{ n: 1 }]);
  });
});
