import { ServiceProcess, ServiceStack, waitUntil } from '@llmchain/testing';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { Client } from 'pg';
import { generateCorpus } from '../../tools/corpus-generator/generate-corpus';
import { call, uploadFile } from './data-api';

type Corpus = { id: string; sha256: string; documents: number; format: string; gzip: boolean; created: boolean };
type Run = { id: string; status: string; error: string | null; datasetVersionId: string | null; progress: { fraction: number; documentsProcessed: number } };
type Rejection = { problem: string; message: string; lines?: number[] };

const UPLOAD_LIMIT = 1_000_000;

function listFiles(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)));
}

describe('data-service: upload → clean → dataset version, over HTTP against real Postgres, Redis and Kafka', () => {
  const stack = new ServiceStack();
  const blobRoot = mkdtempSync(path.join(tmpdir(), 'data-e2e-blobs-'));
  let service: ServiceProcess;
  let base: string;
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
  });
  afterAll(async () => {
    await stack.teardown();
    rmSync(blobRoot, { recursive: true, force: true });
  });

  let corpus: Corpus;
  let runId: string;
  let versionId: string;

  it('stores a JSONL upload by its SHA-256 and returns the same corpus for the same bytes', async () => {
    const first = await uploadFile<Corpus>(base, 'tenant-a', 'web.jsonl', corpusJsonl);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ format: 'jsonl', gzip: false, documents: generated.length, created: true });
    corpus = first.body;
    const again = await uploadFile<Corpus>(base, 'tenant-a', 'renamed.jsonl', corpusJsonl);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: corpus.id, created: false });
  });

  it('reads gzip-compressed text split on blank lines', async () => {
    const text = generated.slice(0, 5).map(({ document }) => document.text.replace(/\n\n/g, '\n')).join('\n\n');
    const response = await uploadFile<Corpus>(base, 'tenant-a', 'books.txt.gz', gzipSync(text), '?split=blank-lines');
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
      const response = await uploadFile<Rejection>(base, 'tenant-b', filename, content);
      expect({ filename, status: response.status, problem: response.body.problem }).toEqual({ filename, status, problem });
      expect(response.body.message.length).toBeGreaterThan(10);
    }

    const malformed = '{"text":"fine"}\n{"text": broken\n{"text":"fine too"}\n{"title":"no text field"}\n';
    const rejected = await uploadFile<Rejection>(base, 'tenant-b', 'bad.jsonl', malformed);
    expect(rejected.status).toBe(400);
    expect(rejected.body).toMatchObject({ problem: 'malformed_jsonl', lines: [2, 4] });
    expect(rejected.body.message).toContain('line(s) 2, 4');

    const notMultipart = await call<Rejection>(base, 'tenant-b', 'POST', '/corpora', { text: 'hello' });
    expect(notMultipart.status).toBe(415);

    expect((await call<Corpus[]>(base, 'tenant-b', 'GET', '/corpora')).body).toEqual([]);
    expect(listFiles(blobRoot).filter((f) => !f.startsWith(path.join('tenants', 'tenant-a')))).toEqual([]);
  });

  it('cleans a corpus in a queued run with readable progress into an immutable version, announced through the outbox', async () => {
    const started = await call<Run>(base, 'tenant-a', 'POST', '/cleaning-runs', {
      corpusIds: [corpus.id],
      datasetName: 'web-clean',
      settings: { language: { keep: ['en', 'de', 'fr', 'es', 'it'] }, quality: { minWords: 40 } },
    });
    expect(started.status).toBe(202);
    expect(started.body.status).toBe('queued');

    const seen = new Set<string>();
    const finished = await waitUntil(
      async () => {
        const run = (await call<Run>(base, 'tenant-a', 'GET', `/cleaning-runs/${started.body.id}`)).body;
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
    }>(base, 'tenant-a', 'GET', `/dataset-versions/${finished.datasetVersionId}`);
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

    const decisions = await fetch(`${base}/dataset-versions/${finished.datasetVersionId}/decisions`, { headers: { 'x-tenant-id': 'tenant-a' } });
    const lines = (await decisions.text()).trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(generated.length);
    const duplicate = lines.find((d) => d.rule === 'exact_duplicate');
    expect(duplicate.duplicateOf).toMatch(new RegExp(`^${corpus.id}:\\d+$`));

    const manifest = (await call<{ shards: { key: string; documents: number }[] }>(base, 'tenant-a', 'GET', `/dataset-versions/${finished.datasetVersionId}/manifest`)).body;
    expect(manifest.shards.reduce((sum, s) => sum + s.documents, 0)).toBe(version.body.documents);

    const db = new Client({ connectionString: stack.database('data-service').url });
    await db.connect();
    try {
      const event = await waitUntil(
        async () => (await db.query(`SELECT payload, sent_at FROM outbox_events WHERE topic = 'dataset.version.ready'`)).rows,
        (rows) => rows.length === 1 && rows[0].sent_at !== null,
        { what: 'dataset.version.ready to be published', timeoutMs: 30_000 },
      );
      expect(event[0].payload.data).toMatchObject({ tenantId: 'tenant-a', datasetVersionId: finished.datasetVersionId, documents: version.body.documents });
    } finally {
      await db.end();
    }
  });

  it("answers 404 for another tenant's corpus, run and version, and 401 without a tenant", async () => {
    expect((await call<Corpus[]>(base, 'tenant-a', 'GET', `/corpora`)).body).toHaveLength(2);
    expect((await call(base, 'tenant-b', 'GET', `/corpora/${corpus.id}`)).status).toBe(404);
    expect((await call(base, 'tenant-b', 'GET', `/cleaning-runs/${runId}`)).status).toBe(404);
    expect((await call(base, 'tenant-b', 'GET', `/dataset-versions/${versionId}`)).status).toBe(404);
    expect((await call(base, 'tenant-b', 'GET', `/dataset-versions/${versionId}/decisions`)).status).toBe(404);
    const stolen = await call(base, 'tenant-b', 'POST', '/cleaning-runs', { corpusIds: [corpus.id], datasetName: 'x' });
    expect(stolen.status).toBe(404);
    expect((await call(base, null, 'GET', '/corpora')).status).toBe(401);
  });
});
