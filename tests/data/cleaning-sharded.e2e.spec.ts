import { CleaningOutcome, CleaningPipeline, ContaminationIndex, readDocuments, SourceDocument } from '@llmchain/data-cleaning';
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
  async function finished(runId: string): Promise<Run> {
    return waitUntil(
      async () => (await call<Run>(service.baseUrl, key, 'GET', `/cleaning-runs/${runId}`)).body,
      (r) => r.status === 'succeeded' || r.status === 'failed',
      { what: 'the sharded run to finish', timeoutMs: 240_000 },
    );
  }

  async function decisionsOf(versionId: string): Promise<unknown[]> {
    const text = await (await fetch(`${service.baseUrl}/dataset-versions/${versionId}/decisions`, { headers: { authorization: `Bearer ${key}` } })).text();
    return text
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as unknown);
  }

  async function sourceOf(corpusIds: string[]): Promise<SourceDocument[]> {
    const source: SourceDocument[] = [];
    for (const [i, file] of files.entries())
      for await (const document of readDocuments(Readable.from([Buffer.from(file)]), 'jsonl', corpusIds[i])) source.push(document);
    return source;
  }

  const corpusIds: string[] = [];
  let firstVersion: { id: string; keptTexts: string[] } | null = null;

  afterAll(async () => {
    await stack.teardown();
    rmSync(blobRoot, { recursive: true, force: true });
  });

  it('decides every document as a single process does, with one worker killed mid-run', async () => {
    for (const [i, file] of files.entries()) {
      const upload = await uploadFile<{ id: string }>(service.baseUrl, key, `part-${i}.jsonl`, file);
      expect([200, 201]).toContain(upload.status);
      corpusIds.push(upload.body.id);
    }
    const source = await sourceOf(corpusIds);
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

    const run = await finished(started.body.id);
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

    const decisions = await decisionsOf(run.datasetVersionId!);
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
    firstVersion = { id: run.datasetVersionId!, keptTexts: kept.map((document) => document.text) };
  });

  it('applies the contamination rule in the shards as a single process does', async () => {
    if (!firstVersion) throw new Error('needs the first run\u2019s version');
    // Against the first run's kept documents: the second corpus's copies of the first's documents overlap them.
    const settings = { contamination: { enabled: true, datasetVersionId: firstVersion.id, minMatchedNgrams: 3 } };
    const index = new ContaminationIndex(2_000_000);
    for (const text of firstVersion.keptTexts.slice(0, 60)) index.add(text);
    const evaluation = await uploadFile<{ id: string }>(service.baseUrl, key, 'evaluation.jsonl', firstVersion.keptTexts.slice(0, 60).map((text) => JSON.stringify({ text })).join('\n'));
    const cleanedEvaluation = await call<Run>(service.baseUrl, key, 'POST', '/cleaning-runs', {
      corpusIds: [evaluation.body.id],
      datasetName: 'evaluation',
      settings: { quality: { enabled: false }, exactDedup: { enabled: false }, nearDedup: { enabled: false }, pii: { enabled: false } },
    });
    const evaluationRun = await finished(cleanedEvaluation.body.id);
    expect(evaluationRun.status).toBe('succeeded');
    const withRule = { contamination: { ...settings.contamination, datasetVersionId: evaluationRun.datasetVersionId! } };
    const single = new CleaningPipeline(withRule, { contamination: { index, sourceVersionId: evaluationRun.datasetVersionId!, minMatchedNgrams: 3 } });
    const expected = (await sourceOf(corpusIds)).map((document) => single.process(document).decision);
    const started = await call<Run>(service.baseUrl, key, 'POST', '/cleaning-runs', { corpusIds, datasetName: 'decontaminated', settings: withRule });
    expect(started.status).toBe(202);
    const run = await finished(started.body.id);
    expect(run).toMatchObject({ status: 'succeeded', error: null });
    const decisions = await decisionsOf(run.datasetVersionId!);
    expect(decisions).toHaveLength(expected.length);
    decisions.forEach((decision, i) => expect(decision).toEqual(expected[i]));
    expect(single.buildReport().removedByRule.contamination).toBeGreaterThan(20);
  });
});

