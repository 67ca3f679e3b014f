import { CleaningOutcome, CleaningPipeline, readDocuments, SourceDocument } from '@llmchain/data-cleaning';
import { filesUnder, infraEnv, queryRows, ServiceProcess, ServiceStack, waitUntil } from '@llmchain/testing';
import { Queue } from 'bullmq';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { generateCorpus } from '../../tools/corpus-generator/generate-corpus';
import { call, issueKey, uploadFile } from './data-api';

type Run = {
  id: string;
  status: string;
  error: string | null;
  datasetVersionId: string | null;
  progress: { fraction: number; bytesProcessed: number; totalBytes: number; documentsProcessed: number };
};
const SHARD_DOCUMENTS = 40;

/**
 * A cleaning run sharded across two cleaning worker processes (the API process takes no cleaning job), one of them
 * SIGKILLed once shards are being cleaned. The truth is a single-process pipeline over the same documents, in this
 * test process: every decision and every kept text must equal it.
 */
describe('cleaning sharded across worker processes, end to end', () => {
  const stack = new ServiceStack();
  const blobRoot = mkdtempSync(path.join(tmpdir(), 'cleaning-sharded-e2e-'));
  let service: ServiceProcess;
  let workers: ServiceProcess[];
  let key: string;
  // Two corpora whose duplicates reach across the file boundary (the second file copies documents of the first).
  const documents = [...generateCorpus({ targetBytes: 900_000, seed: 2024 })].map(({ document }) => document.text);
  const files = [documents.slice(0, 170), documents.slice(170)].map((texts) => texts.map((text) => JSON.stringify({ text })).join('\n'));

  beforeAll(async () => {
    const env = {
      BLOB_STORE_DIR: blobRoot,
      QUEUE_PREFIX: `test:${stack.topicPrefix}`,
      CLEANING_SHARD_DOCUMENTS: String(SHARD_DOCUMENTS),
      CLEANING_DEDUP_PARTITIONS: '3',
      CLEANING_WORKERS: '1',
      CLEANING_JOB_LOCK_MS: '3000',
    };
    service = await stack.add('data-service', { ...env, CLEANING_IN_SERVICE: 'false' });
    workers = [await stack.addWorker('data-service', 'cleaning-worker.ts', env), await stack.addWorker('data-service', 'cleaning-worker.ts', env)];
    await stack.startAll();
    ({ key } = await issueKey(stack));
  });
  afterAll(async () => {
    await stack.teardown();
    rmSync(blobRoot, { recursive: true, force: true });
  });

  it('decides every document as a single process does, with one worker killed mid-run', async () => {
    const corpusIds: string[] = [];
    for (const [i, file] of files.entries()) {
      const upload = await uploadFile<{ id: string }>(service.baseUrl, key, `part-${i}.jsonl`, file);
      expect([200, 201]).toContain(upload.status);
      corpusIds.push(upload.body.id);
    }
    const source: SourceDocument[] = [];
    for (const [i, file] of files.entries())
      for await (const document of readDocuments(Readable.from([Buffer.from(file)]), 'jsonl', corpusIds[i])) source.push(document);
    const single = new CleaningPipeline();
    const expected: CleaningOutcome[] = source.map((document) => single.process(document));
    const shards = Math.ceil(source.length / SHARD_DOCUMENTS);

    const started = await call<Run>(service.baseUrl, key, 'POST', '/cleaning-runs', { corpusIds, datasetName: 'sharded' });
    expect(started.status).toBe(202);
    const databaseUrl = stack.database('data-service').url;
    // Once a shard is done, both workers are busy on the others: one of them dies in the middle of its shard.
    await waitUntil(
      () => queryRows<{ done: number }>(databaseUrl, 'SELECT count(*)::int AS done FROM cleaning_shards WHERE run_id = $1', [started.body.id]),
      (rows) => rows[0].done >= 1,
      { what: 'a first shard done', timeoutMs: 120_000, intervalMs: 50 },
    );
    const midRun = (await call<Run>(service.baseUrl, key, 'GET', `/cleaning-runs/${started.body.id}`)).body;
    expect(midRun.status).toBe('running');
    expect(midRun.progress.documentsProcessed).toBeGreaterThan(0);
    expect(midRun.progress.documentsProcessed).toBeLessThan(source.length);
    expect((await workers[0].kill('SIGKILL')).signal).toBe('SIGKILL');

    const run = await waitUntil(
      async () => (await call<Run>(service.baseUrl, key, 'GET', `/cleaning-runs/${started.body.id}`)).body,
      (r) => r.status === 'succeeded' || r.status === 'failed',
      { what: 'the sharded run to finish', timeoutMs: 240_000 },
    );
    expect(run).toMatchObject({ status: 'succeeded', error: null });
    expect(run.progress).toMatchObject({ fraction: 1, documentsProcessed: source.length });
    const shardRows = await queryRows<{ shard: number; documents: number }>(databaseUrl, 'SELECT shard, documents FROM cleaning_shards WHERE run_id = $1 ORDER BY shard', [run.id]);
    expect(shardRows.map((row) => row.shard)).toEqual(Array.from({ length: shards }, (_, i) => i));
    expect(shardRows.reduce((sum, row) => sum + row.documents, 0)).toBe(source.length);

    // The killed worker's shard was taken over: its job was started twice and completed once.
    const queue = new Queue('data.cleaning-shards', { connection: { url: infraEnv().REDIS_URL }, prefix: `test:${stack.topicPrefix}` });
    try {
      const shardJobs = (await queue.getJobs(['completed'])).filter((job) => job.data.runId === run.id);
      expect(shardJobs).toHaveLength(shards);
      expect(shardJobs.filter((job) => job.attemptsStarted > 1).length).toBeGreaterThanOrEqual(1);
    } finally {
      await queue.close();
    }

    const decisions = (await (await fetch(`${service.baseUrl}/dataset-versions/${run.datasetVersionId}/decisions`, { headers: { authorization: `Bearer ${key}` } })).text())
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as unknown);
    // One decision per document, in run order, each equal to the single process's.
    expect(decisions).toHaveLength(source.length);
    decisions.forEach((decision, i) => expect(decision).toEqual(expected[i].decision));
    const manifest = (await call<{ shards: { key: string }[] }>(service.baseUrl, key, 'GET', `/dataset-versions/${run.datasetVersionId}/manifest`)).body;
    const kept = manifest.shards.flatMap((shard) =>
      readFileSync(path.join(blobRoot, shard.key), 'utf8')
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as { id: string; text: string }),
    );
    expect(kept).toEqual(expected.flatMap(({ output }) => (output ? [expect.objectContaining({ id: output.id, text: output.text })] : [])));
    const report = (await call<{ report: { removedByRule: Record<string, number> } }>(service.baseUrl, key, 'GET', `/dataset-versions/${run.datasetVersionId}`)).body.report;
    expect(report.removedByRule).toEqual(single.buildReport().removedByRule);
    expect(report.removedByRule.exact_duplicate).toBeGreaterThan(5);
    expect(report.removedByRule.near_duplicate).toBeGreaterThan(5);
    // The intermediate files are gone once the version is published.
    expect(filesUnder(blobRoot).filter((file) => file.includes('cleaning-work'))).toEqual([]);
  });
});

