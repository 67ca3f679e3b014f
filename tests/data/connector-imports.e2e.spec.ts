import { ServiceProcess, ServiceStack } from '@llmchain/testing';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { call, issueKey, uploadFile } from './data-api';
import { articlePage, httpResponse, warcFile } from './web-archive-fixtures';

type Corpus = { id: string; sha256: string; documents: number; format: string; created: boolean; bytes: number };
type Run = { id: string; kind: string; status: string; documents: number; skipped: Record<string, number>; source: { sha256: string; bytes: number }; corpusId: string };
type Imported = { run: Run; corpus: Corpus };
type Rejection = { problem: string; message: string };

const words = (seed: number, count: number) =>
  Array.from({ length: count }, (_, i) => ['river', 'stone', 'quiet', 'lantern', 'harbour', 'meadow', 'copper', 'winter'][(seed * 7 + i * 3) % 8]).join(' ');

/** The stored corpus, read straight from the blob directory, as parsed JSONL lines. */
function storedDocuments(blobRoot: string, tenantId: string, corpus: Corpus): Record<string, unknown>[] {
  const bytes = readFileSync(path.join(blobRoot, 'tenants', tenantId, 'corpora', `${corpus.sha256}.jsonl`));
  expect(createHash('sha256').update(bytes).digest('hex')).toBe(corpus.sha256);
  return bytes.toString('utf8').trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('data-service connectors: CSV, JSONL, Parquet, WARC and WET imports become corpora, checked document by document', () => {
  const stack = new ServiceStack();
  const blobRoot = mkdtempSync(path.join(tmpdir(), 'connector-e2e-blobs-'));
  let service: ServiceProcess;
  let base: string;
  let key: string;
  let tenantId: string;
  const importFile = (filename: string, content: Buffer | string, query: string) =>
    uploadFile<Imported & Rejection>(base, key, filename, content, query, '/connectors/imports');

  beforeAll(async () => {
    service = await stack.add('data-service', { BLOB_STORE_DIR: blobRoot, QUEUE_PREFIX: `test:${stack.topicPrefix}` });
    await stack.startAll();
    base = service.baseUrl;
    ({ key, tenantId } = await issueKey(stack));
  });
  afterAll(async () => {
    await stack.teardown();
    rmSync(blobRoot, { recursive: true, force: true });
  });

  const rows = Array.from({ length: 40 }, (_, i) => ({
    id: i,
    title: `Doc "${i}", with, commas`,
    body: i === 7 ? '' : `${words(i, 30)}\nline two of ${i}: ünïcødé, "quoted"`,
  }));
  const expectedRows = rows.filter((row) => row.body !== '').map((row) => ({ text: row.body, title: row.title, id: row.id }));

  it('imports CSV with a field mapping (quoted fields, newlines in cells), skipping empty text, and deduplicates by content', async () => {
    const quote = (value: string | number) => `"${String(value).replace(/"/g, '""')}"`;
    const csv = ['id,title,body,ignored', ...rows.map((row) => [row.id, row.title, row.body, 'x'].map(quote).join(','))].join('\r\n');
    const first = await importFile('table.csv', csv, '?format=csv&text=body&metadata=title,id');
    expect(first.status).toBe(201);
    expect(first.body.run).toMatchObject({ kind: 'csv', status: 'succeeded', documents: 39, skipped: { empty_text: 1 } });
    expect(first.body.run.source).toMatchObject({ bytes: Buffer.byteLength(csv), sha256: createHash('sha256').update(csv).digest('hex') });
    // CSV cells are strings: the id column arrives as text.
    expect(storedDocuments(blobRoot, tenantId, first.body.corpus)).toEqual(expectedRows.map((row) => ({ ...row, id: String(row.id) })));

    const again = await importFile('renamed.csv', csv, '?format=csv&text=body&metadata=title,id');
    expect(again.status).toBe(200);
    expect(again.body.corpus.id).toBe(first.body.corpus.id);
  });

  it('imports Parquet over several row groups with typed metadata', async () => {
    const parquet = parquetWriteBuffer({
      columnData: [
        { name: 'id', data: rows.map((row) => row.id), type: 'INT32' },
        { name: 'title', data: rows.map((row) => row.title), type: 'STRING' },
        { name: 'body', data: rows.map((row) => (row.body === '' ? null : row.body)), type: 'STRING', nullable: true },
      ],
      rowGroupSize: 16,
    });
    const response = await importFile('table.parquet', Buffer.from(parquet), '?format=parquet&text=body&metadata=title,id');
    expect(response.status).toBe(201);
    expect(response.body.run).toMatchObject({ kind: 'parquet', documents: 39, skipped: { empty_text: 1 } });
    expect(storedDocuments(blobRoot, tenantId, response.body.corpus)).toEqual(expectedRows);
  });

  it('imports JSONL with another text field: the same documents as the Parquet are the same corpus', async () => {
    const parquetCorpus = (await call<{ data: Run[] }>(base, key, 'GET', '/connectors/runs')).body.data.find((run) => run.kind === 'parquet')?.corpusId;
    const jsonl = rows.map((row) => JSON.stringify({ content: row.body, title: row.title, id: row.id, extra: true })).join('\n');
    const response = await importFile('table.jsonl', jsonl, '?format=jsonl&text=content&metadata=title,id');
    expect(response.status).toBe(200);
    expect(response.body.corpus.id).toBe(parquetCorpus);
    expect(storedDocuments(blobRoot, tenantId, response.body.corpus)).toEqual(expectedRows);
  });

  const article = (n: number) => [`${words(n, 40)} first paragraph of article ${n}.`, `${words(n + 1, 40)} second paragraph of article ${n}.`];

  it('imports a WARC gzipped per record: HTML responses become main-content text with URL, fetch time and status', async () => {
    const warc = warcFile([
      { type: 'warcinfo', contentType: 'application/warc-fields', content: 'software: hand-written\r\n' },
      { type: 'request', url: 'https://example.org/a', contentType: 'application/http; msgtype=request', content: 'GET /a HTTP/1.1\r\nHost: example.org\r\n\r\n' },
      ...[1, 2, 3].map((n) => ({
        type: 'response',
        url: `https://example.org/article-${n}`,
        date: `2026-11-0${n}T10:00:00Z`,
        contentType: 'application/http; msgtype=response',
        content: httpResponse(200, 'text/html; charset=utf-8', articlePage(`Article ${n}`, article(n))),
      })),
      { type: 'response', url: 'https://example.org/logo.png', contentType: 'application/http; msgtype=response', content: httpResponse(200, 'image/png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2])) },
      { type: 'response', url: 'https://example.org/missing', contentType: 'application/http; msgtype=response', content: httpResponse(404, 'text/html', '<p>gone</p>') },
    ]);
    const response = await importFile('crawl.warc.gz', warc, '?format=warc');
    expect(response.status).toBe(201);
    expect(response.body.run).toMatchObject({ kind: 'warc', documents: 3, skipped: { not_html: 1, http_error: 1 } });
    const documents = storedDocuments(blobRoot, tenantId, response.body.corpus);
    expect(documents.map(({ url, fetchedAt, httpStatus }) => ({ url, fetchedAt, httpStatus }))).toEqual(
      [1, 2, 3].map((n) => ({ url: `https://example.org/article-${n}`, fetchedAt: `2026-11-0${n}T10:00:00Z`, httpStatus: 200 })),
    );
    documents.forEach((document, i) => {
      for (const paragraph of article(i + 1)) expect(document.text).toContain(paragraph);
      expect(document.text).not.toMatch(/NAV-MARKER|SCRIPT-MARKER|FOOTER-MARKER/);
    });
  });

  it('imports a WET file (gzipped per record or plain): conversion records are the documents', async () => {
    const texts = [1, 2].map((n) => `${words(n, 25)}\nextracted text ${n}`);
    const records = [
      { type: 'warcinfo', contentType: 'application/warc-fields', content: 'isPartOf: test\r\n' },
      ...texts.map((text, i) => ({ type: 'conversion', url: `https://example.org/${i}`, contentType: 'text/plain', content: text })),
    ];
    for (const gzip of [true, false]) {
      const response = await importFile(`pages.warc.wet${gzip ? '.gz' : ''}`, warcFile(records, gzip), '?format=wet');
      expect(response.status).toBe(gzip ? 201 : 200);
      expect(storedDocuments(blobRoot, tenantId, response.body.corpus).map(({ text, url }) => ({ text, url }))).toEqual(
        texts.map((text, i) => ({ text, url: `https://example.org/${i}` })),
      );
    }
  });

  it('refuses bad imports with a message naming what to fix, leaving no corpus, run or blob behind', async () => {
    const { key: otherKey } = await issueKey(stack);
    const before = readdirSync(blobRoot, { recursive: true }).length;
    const sourceCopies = () => readdirSync(tmpdir()).filter((name) => name.startsWith('connector-source-'));
    const copiesBefore = sourceCopies();
    const cases: [string, string | Buffer, string, number, string, RegExp][] = [
      ['t.csv', 'a,b\n1,2\n', '?format=csv&text=body', 400, 'unknown_field', /no column "body".*"a", "b"/],
      ['t.csv', 'body\n"unterminated\n', '?format=csv&text=body', 400, 'malformed_source', /CSV/],
      ['t.csv', Buffer.from([0x62, 0x6f, 0x64, 0x79, 0x0a, 0xe9, 0x0a]), '?format=csv&text=body', 400, 'invalid_utf8', /UTF-8/],
      ['t.parquet', 'not parquet at all', '?format=parquet', 400, 'malformed_source', /Parquet/],
      ['t.jsonl', '{"text":"a"}\n[1]\n', '?format=jsonl', 400, 'malformed_source', /line\(s\) 2/],
      ['t.jsonl', '{"other":"a"}\n', '?format=jsonl', 400, 'empty', /empty_text/],
      ['t.warc', 'definitely not a warc', '?format=warc', 400, 'malformed_source', /WARC/],
    ];
    for (const [filename, content, query, status, problem, message] of cases) {
      const response = await uploadFile<Rejection>(base, otherKey, filename, content, query, '/connectors/imports');
      expect({ filename, query, status: response.status, problem: response.body.problem }).toEqual({ filename, query, status, problem });
      expect(response.body.message).toMatch(message);
    }
    const mapping = await uploadFile<{ message: string }>(base, otherKey, 'a.warc', 'x', '?format=warc&text=body', '/connectors/imports');
    expect(mapping.status).toBe(400);
    expect(JSON.stringify(mapping.body)).toContain('take no field mapping');

    expect((await call<{ data: unknown[] }>(base, otherKey, 'GET', '/corpora')).body.data).toEqual([]);
    expect((await call<{ data: unknown[] }>(base, otherKey, 'GET', '/connectors/runs')).body.data).toEqual([]);
    expect(readdirSync(blobRoot, { recursive: true }).length).toBe(before);
    expect(sourceCopies()).toEqual(copiesBefore);
  });

  it('lists the runs with their lineage', async () => {
    const runs = (await call<{ data: Run[] }>(base, key, 'GET', '/connectors/runs?limit=100')).body.data;
    expect(runs.map((run) => run.kind).sort()).toEqual(['csv', 'csv', 'jsonl', 'parquet', 'warc', 'wet', 'wet']);
    const one = await call<Run>(base, key, 'GET', `/connectors/runs/${runs[0].id}`);
    expect(one.body).toEqual(runs[0]);
  });
});
