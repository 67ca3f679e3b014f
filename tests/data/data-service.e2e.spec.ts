import { filesUnder, ServiceProcess, ServiceStack, waitUntil } from '@llmchain/testing';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { Client } from 'pg';
import { generateCorpus } from '../../tools/corpus-generator/generate-corpus';
import { bearer, call, issueKey, revokeKey, uploadFile } from './data-api';

type Corpus = { id: string; sha256: string; documents: number; format: string; gzip: boolean; created: boolean };
type Run = { id: string; status: string; error: string | null; datasetVersionId: string | null; progress: { fraction: number; documentsProcessed: number } };
type Rejection = { problem: string; message: string; lines?: number[] };

const UPLOAD_LIMIT = 1_000_000;

describe('data-service: upload → clean → dataset version, over HTTP against real Postgres, Redis and Kafka', () => {
  const stack = new ServiceStack();
  const blobRoot = mkdtempSync(path.join(tmpdir(), 'data-e2e-blobs-'));
  let service: ServiceProcess;
  let base: string;
  let keyA: string;
  let keyB: string;
  let tenantA: string;
  const generated = [...generateCorpus({ targetBytes: 150_000, seed: 11, piiShare: 0.5, nearDuplicateShare: 0.1 })];
  const corpusJsonl = generated.map(({ document }) => JSON.stringify({ text: document.text, source: 'generator' })).join('\n');

  beforeAll(async () => {
    service = await stack.add('data-service', {
      BLOB_STORE_DIR: blobRoot,
      UPLOAD_MAX_BYTES: String(UPLOAD_LIMIT),
      QUEUE_PREFIX: `test:${stack.topicPrefix}`,
    });
    await stack.startAll();
    base = service.baseUrl;
    ({ key: keyA, tenantId: tenantA } = await issueKey(stack));
    ({ key: keyB } = await issueKey(stack));
  });
  afterAll(async () => {
    await stack.teardown();
    rmSync(blobRoot, { recursive: true, force: true });
  });

  let corpus: Corpus;
  let runId: string;
  let versionId: string;

  it('stores a JSONL upload by its SHA-256 and returns the same corpus for the same bytes', async () => {
    const first = await uploadFile<Corpus>(base, keyA, 'web.jsonl', corpusJsonl);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ format: 'jsonl', gzip: false, documents: generated.length, created: true });
    corpus = first.body;
    const again = await uploadFile<Corpus>(base, keyA, 'renamed.jsonl', corpusJsonl);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: corpus.id, created: false });
  });

  it('reads gzip-compressed text split on blank lines', async () => {
    const text = generated.slice(0, 5).map(({ document }) => document.text.replace(/\n\n/g, '\n')).join('\n\n');
    const response = await uploadFile<Corpus>(base, keyA, 'books.txt.gz', gzipSync(text), '?split=blank-lines');
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ format: 'txt-blank-lines', gzip: true, documents: 5 });
  });

  it('rejects bad uploads with a status and a message saying what to fix, leaving no row and no blob', async () => {
    const cases: [string, Buffer | string, number, string][] = [
      ['report.pdf', 'text', 415, 'unsupported_type'],
      ['big.txt', 'x'.repeat(UPLOAD_LIMIT + 10), 413, 'too_large'],
      ['latin1.txt', Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x20, 0x61]), 400, 'invalid_utf8'],
      ['image.txt', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x1a]), 400, 'binary'],
      ['empty.jsonl', '', 400, 'empty'],
      ['fake.jsonl.gz', 'not gzip at all', 400, 'not_gzip'],
    ];
    for (const [filename, content, status, problem] of cases) {
      const response = await uploadFile<Rejection>(base, keyB, filename, content);
      expect({ filename, status: response.status, problem: response.body.problem }).toEqual({ filename, status, problem });
      expect(response.body.message.length).toBeGreaterThan(10);
    }

    const malformed = '{"text":"fine"}\n{"text": broken\n{"text":"fine too"}\n{"title":"no text field"}\n';
    const rejected = await uploadFile<Rejection>(base, keyB, 'bad.jsonl', malformed);
    expect(rejected.status).toBe(400);
    expect(rejected.body).toMatchObject({ problem: 'malformed_jsonl', lines: [2, 4] });
    expect(rejected.body.message).toContain('line(s) 2, 4');

    const notMultipart = await call<Rejection>(base, keyB, 'POST', '/corpora', { text: 'hello' });
    expect(notMultipart.status).toBe(415);

    expect((await call<{ data: Corpus[] }>(base, keyB, 'GET', '/corpora')).body.data).toEqual([]);
    const stored = filesUnder(blobRoot);
    expect(stored.some((f) => f.startsWith(path.join('tenants', tenantA)))).toBe(true); // tenant A's upload is there to see
    expect(stored.filter((f) => !f.startsWith(path.join('tenants', tenantA)))).toEqual([]);
  });

  it('cleans a corpus in a queued run with readable progress into an immutable version, announced through the outbox', async () => {
    const started = await call<Run>(base, keyA, 'POST', '/cleaning-runs', {
      corpusIds: [corpus.id],
      datasetName: 'web-clean',
      settings: { language: { keep: ['en', 'de', 'fr', 'es', 'it'] }, quality: { minWords: 40 } },
    });
    expect(started.status).toBe(202);
    expect(started.body.status).toBe('queued');

    const seen = new Set<string>();
    const finished = await waitUntil(
      async () => {
        const run = (await call<Run>(base, keyA, 'GET', `/cleaning-runs/${started.body.id}`)).body;
        seen.add(run.status);
        return run;
      },
      (run) => run.status === 'succeeded' || run.status === 'failed',
      { what: 'the cleaning run to finish', timeoutMs: 180_000 },
    );
    expect(finished.error).toBeNull();
    expect(finished.status).toBe('succeeded');
    expect(finished.progress).toMatchObject({ fraction: 1, documentsProcessed: generated.length });
    runId = finished.id;
    versionId = finished.datasetVersionId as string;

    const version = await call<{
      version: number;
      documents: number;
      estimatedTokens: number;
      lineage: { sourceCorpora: { id: string; sha256: string }[]; settingsHash: string };
      report: { documentsIn: number; removedByRule: Record<string, number>; pii: Record<string, number>; languages: Record<string, number> };
    }>(base, keyA, 'GET', `/dataset-versions/${finished.datasetVersionId}`);
    expect(version.status).toBe(200);
    expect(version.body.version).toBe(1);
    expect(version.body.lineage.sourceCorpora).toEqual([expect.objectContaining({ id: corpus.id, sha256: corpus.sha256 })]);
    expect(version.body.lineage.settingsHash).toMatch(/^[0-9a-f]{64}$/);
    const planted = {
      exact: generated.filter((g) => g.label.kind === 'exact_duplicate').length,
      junk: generated.filter((g) => g.label.kind === 'junk').length,
    };
    expect(version.body.report.documentsIn).toBe(generated.length);
    expect(version.body.report.removedByRule.exact_duplicate).toBe(planted.exact);
    expect(Object.keys(version.body.report.pii).length).toBeGreaterThan(0);
    expect(version.body.estimatedTokens).toBeGreaterThan(0);

    const decisions = await fetch(`${base}/dataset-versions/${finished.datasetVersionId}/decisions`, { headers: bearer(keyA) });
    const lines = (await decisions.text()).trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(generated.length);
    const duplicate = lines.find((d) => d.rule === 'exact_duplicate');
    expect(duplicate.duplicateOf).toMatch(new RegExp(`^${corpus.id}:\\d+$`));

    const manifest = (await call<{ shards: { key: string; documents: number }[] }>(base, keyA, 'GET', `/dataset-versions/${finished.datasetVersionId}/manifest`)).body;
    expect(manifest.shards.reduce((sum, s) => sum + s.documents, 0)).toBe(version.body.documents);

    const db = new Client({ connectionString: stack.database('data-service').url });
    await db.connect();
    try {
      const event = await waitUntil(
        async () => (await db.query(`SELECT payload, sent_at FROM outbox_events WHERE topic = 'dataset.version.ready'`)).rows,
        (rows) => rows.length === 1 && rows[0].sent_at !== null,
        { what: 'dataset.version.ready to be published', timeoutMs: 30_000 },
      );
      expect(event[0].payload.data).toMatchObject({ tenantId: tenantA, datasetVersionId: finished.datasetVersionId, documents: version.body.documents });
    } finally {
      await db.end();
    }
  });

  it('annotates the version with overlap, review and agreement, and exports approved labels as a chat dataset version', async () => {
    type Task = { taskId: string; text: string };
    const project = await call<{ id: string; tasks: number }>(base, keyA, 'POST', '/annotation-projects', {
      name: 'topics',
      sourceVersionId: versionId,
      labelSchema: { classes: ['travel', 'other'], spanLabels: ['PLACE'] },
      overlap: 2,
      instruction: 'Say whether the text is about travel.',
      maxDocuments: 6,
    });
    expect(project.status).toBe(201);
    expect(project.body.tasks).toBe(6);
    const projectPath = `/annotation-projects/${project.body.id}`;

    const handOut = async (annotator: string) =>
      (await call<Task[]>(base, keyA, 'POST', `${projectPath}/hand-outs`, { annotator, count: 10 })).body;
    const first = await handOut('ann-1');
    const second = await handOut('ann-2');
    expect(first).toHaveLength(6);
    expect(second.map((t) => t.taskId).sort()).toEqual(first.map((t) => t.taskId).sort());
    expect(await handOut('ann-3')).toEqual([]);

    const refused = await call<{ message: string[] }>(base, keyA, 'POST', `${projectPath}/annotations`, {
      taskId: first[0].taskId,
      annotator: 'ann-1',
      label: 'sports',
    });
    expect(refused.status).toBe(400);
    expect(refused.body.message[0]).toContain('"sports" is not a class');
    const notHeld = await call(base, keyA, 'POST', `${projectPath}/annotations`, { taskId: first[0].taskId, annotator: 'ann-3', label: 'other' });
    expect(notHeld.status).toBe(409);

    const annotationIds: Record<string, string[]> = { 'ann-1': [], 'ann-2': [] };
    for (const [index, task] of first.entries()) {
      for (const annotator of ['ann-1', 'ann-2']) {
        const label = index === 4 && annotator === 'ann-2' ? 'other' : index % 2 === 0 ? 'travel' : 'other';
        const submitted = await call<{ id: string }>(base, keyA, 'POST', `${projectPath}/annotations`, {
          taskId: task.taskId,
          annotator,
          label,
          spans: [{ start: 0, end: Math.min(5, task.text.length), label: 'PLACE' }],
        });
        expect(submitted.status).toBe(201);
        annotationIds[annotator].push(submitted.body.id);
      }
    }

    const agreement = await call<{ annotators: number; classification: { cohenKappa: number; krippendorffAlpha: number; perLabel: Record<string, unknown> } }>(
      base,
      keyA,
      'GET',
      `${projectPath}/agreement`,
    );
    expect(agreement.body.annotators).toBe(2);
    // 5 of 6 agree; ann-1 says travel 3 times, ann-2 twice: kappa = (5/6 - 1/2) / (1 - 1/2) = 2/3
    expect(agreement.body.classification.cohenKappa).toBeCloseTo(0.6667, 3);
    expect(agreement.body.classification.perLabel).toHaveProperty('travel');

    const review = (id: string, body: object) => call<{ reviewStatus: string }>(base, keyA, 'POST', `/annotations/${id}/review`, body);
    expect((await review(annotationIds['ann-1'][0], { reviewer: 'ann-1', decision: 'approved' })).status).toBe(409);
    expect((await review(annotationIds['ann-1'][0], { reviewer: 'rev', decision: 'rejected' })).status).toBe(400);
    for (const id of annotationIds['ann-1'].slice(0, 4)) expect((await review(id, { reviewer: 'rev', decision: 'approved' })).body.reviewStatus).toBe('approved');
    expect((await review(annotationIds['ann-1'][4], { reviewer: 'rev', decision: 'rejected', comment: 'wrong class' })).body.reviewStatus).toBe('rejected');

    const exported = await call<{ datasetVersionId: string; version: number; documents: number }>(base, keyA, 'POST', `${projectPath}/exports`, {
      datasetName: 'topics-sft',
      format: 'chat',
    });
    expect(exported.status).toBe(201);
    expect(exported.body).toMatchObject({ version: 1, documents: 4 });

    const version = await call<{ lineage: { sourceVersionId: string; annotationProjectId: string } }>(
      base,
      keyA,
      'GET',
      `/dataset-versions/${exported.body.datasetVersionId}`,
    );
    expect(version.body.lineage).toMatchObject({ sourceVersionId: versionId, annotationProjectId: project.body.id });
    const manifest = (await call<{ format: string; shards: { key: string }[] }>(base, keyA, 'GET', `/dataset-versions/${exported.body.datasetVersionId}/manifest`)).body;
    expect(manifest.format).toBe('chat');
    const records = readFileSync(path.join(blobRoot, manifest.shards[0].key), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(records).toHaveLength(4);
    expect(records[0].messages.map((m: { role: string }) => m.role)).toEqual(['system', 'user', 'assistant']);
    expect(JSON.parse(records[0].messages[2].content)).toMatchObject({ label: 'travel' });

    expect((await call(base, keyB, 'GET', `${projectPath}/agreement`)).status).toBe(404);
    expect((await call(base, keyB, 'POST', `${projectPath}/hand-outs`, { annotator: 'x' })).status).toBe(404);
  });

  it('hands each document to at most `overlap` annotators when eight ask at once, and fills every slot afterwards', async () => {
    const project = await call<{ id: string; tasks: number }>(base, keyA, 'POST', '/annotation-projects', {
      name: 'racing annotators',
      sourceVersionId: versionId,
      labelSchema: { classes: ['travel', 'other'], spanLabels: ['PLACE'] },
      overlap: 2,
      instruction: 'Say whether the text is about travel.',
      maxDocuments: 6,
    });
    expect(project).toMatchObject({ status: 201, body: { tasks: 6 } });
    const annotators = Array.from({ length: 8 }, (_, i) => `racer-${i}`);
    const handOut = (annotator: string) => call<{ taskId: string }[]>(base, keyA, 'POST', `/annotation-projects/${project.body.id}/hand-outs`, { annotator, count: 6 });
    const concurrent = await Promise.all(annotators.map(handOut));
    expect(concurrent.map((r) => r.status).filter((s) => s !== 200)).toEqual([]);
    const holders = new Map<string, number>();
    for (const reply of concurrent) for (const task of reply.body) holders.set(task.taskId, (holders.get(task.taskId) ?? 0) + 1);
    expect([...holders.values()].filter((n) => n > 2)).toEqual([]);
    expect([...holders.values()].reduce((a, b) => a + b, 0)).toBeGreaterThan(0);

    for (const annotator of annotators) await handOut(annotator); // what concurrent calls skipped (SKIP LOCKED) is handed now
    const db = new Client({ connectionString: stack.database('data-service').url });
    await db.connect();
    try {
      const { rows } = await db.query<{ holders: number }>(
        `SELECT count(a.annotator)::int AS holders FROM annotation_tasks t LEFT JOIN annotation_assignments a ON a.task_id = t.id
          WHERE t.project_id = $1 GROUP BY t.id`,
        [project.body.id],
      );
      expect(rows.map((r) => r.holders)).toEqual([2, 2, 2, 2, 2, 2]);
    } finally {
      await db.end();
    }
  });

  it('refuses a multipart upload without a file part with 400 no_file', async () => {
    const form = new FormData();
    form.append('note', 'the file was forgotten');
    const response = await fetch(`${base}/corpora`, { method: 'POST', headers: bearer(keyB), body: form });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ problem: 'no_file', message: expect.stringMatching(/attach the corpus file/) });
  });

  it("answers 404 for another tenant's corpus, run and version; 401 without a valid (or with a revoked) key, 403 without the data scope", async () => {
    expect((await call<{ data: Corpus[] }>(base, keyA, 'GET', `/corpora`)).body.data).toHaveLength(2);
    expect((await call(base, keyB, 'GET', `/corpora/${corpus.id}`)).status).toBe(404);
    expect((await call(base, keyB, 'GET', `/cleaning-runs/${runId}`)).status).toBe(404);
    expect((await call(base, keyB, 'GET', `/dataset-versions/${versionId}`)).status).toBe(404);
    expect((await call(base, keyB, 'GET', `/dataset-versions/${versionId}/decisions`)).status).toBe(404);
    const stolen = await call(base, keyB, 'POST', '/cleaning-runs', { corpusIds: [corpus.id], datasetName: 'x' });
    expect(stolen.status).toBe(404);
    expect((await call(base, null, 'GET', '/corpora')).status).toBe(401);
    expect((await call(base, 'llmk_00000000_' + 'x'.repeat(43), 'GET', '/corpora')).status).toBe(401);
    const servingOnly = await issueKey(stack, ['serving']);
    expect((await call(base, servingOnly.key, 'GET', '/corpora')).status).toBe(403);
    const revoked = await issueKey(stack);
    expect((await call(base, revoked.key, 'GET', '/corpora')).status).toBe(200);
    await revokeKey(stack, revoked);
    expect((await call(base, revoked.key, 'GET', '/corpora')).status).toBe(401);
  });
});
