import { ServiceProcess, ServiceStack, waitUntil } from '@llmchain/testing';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateCorpus } from '../../tools/corpus-generator/generate-corpus';
import { call, issueKey, uploadFile } from './data-api';

type Run = { id: string; status: string; error: string | null; datasetVersionId: string | null };
type Side = { versionId: string; documents: number; overlappingDocuments: number; overlaps: { documentId: string; matchedNgrams: number }[] };
type Report = { id: string; datasetVersionId: string; againstVersionId: string; ngramWords: number; sharedNgrams: number; datasetVersion: Side; againstVersion: Side };
type Decision = { documentId: string; status: string; rule?: string; figure?: number; limit?: number; sourceVersion?: string };

/**
 * The reference: word 13-grams as strings, computed here from the definition (NFKC, whitespace-separated words,
 * ASCII punctuation dropped, ASCII letters lower-cased), apart from the service's hashed keys.
 */
function ngrams(text: string): Set<string> {
  const words = text
    .normalize('NFKC')
    .split(/\s+/)
    .map((w) => w.replace(/[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]/g, '').replace(/[A-Z]/g, (c) => c.toLowerCase()))
    .filter((w) => w.length > 0);
  const grams = new Set<string>();
  for (let i = 0; i + 13 <= words.length; i++) grams.add(words.slice(i, i + 13).join(' '));
  return grams;
}

const union = (texts: string[]) => new Set(texts.flatMap((t) => [...ngrams(t)]));
const matched = (text: string, other: Set<string>) => [...ngrams(text)].filter((g) => other.has(g)).length;

describe('contamination between dataset versions, end to end', () => {
  const stack = new ServiceStack();
  const blobRoot = mkdtempSync(path.join(tmpdir(), 'contamination-e2e-'));
  let service: ServiceProcess;
  let key: string;
  let otherKey: string;
  const quiet = { exactDuplicateShare: 0, nearDuplicateShare: 0, piiShare: 0 };
  const evalTexts = [...generateCorpus({ targetBytes: 30_000, seed: 31, ...quiet })].map(({ document }) => document.text);
  // Training documents, the first eight with 20 (or, for the next four, only 10) words of an evaluation document appended.
  const trainTexts = [...generateCorpus({ targetBytes: 60_000, seed: 32, ...quiet })].map(({ document }, i) => {
    const source = evalTexts[i % evalTexts.length].split(/\s+/);
    if (i < 8) return `${document.text} ${source.slice(3, 23).join(' ')}`;
    if (i < 12) return `${document.text} ${source.slice(3, 13).join(' ')}`;
    return document.text;
  });
  let evalVersion: string;
  let trainVersion: string;

  async function clean(texts: string[], name: string, settings: object = {}): Promise<string> {
    const upload = await uploadFile<{ id: string }>(service.baseUrl, key, `${name}.jsonl`, texts.map((text) => JSON.stringify({ text })).join('\n'));
    expect([200, 201]).toContain(upload.status);
    const started = await call<Run>(service.baseUrl, key, 'POST', '/cleaning-runs', { corpusIds: [upload.body.id], datasetName: name, settings });
    expect(started.status).toBe(202);
    const run = await waitUntil(
      async () => (await call<Run>(service.baseUrl, key, 'GET', `/cleaning-runs/${started.body.id}`)).body,
      (r) => r.status === 'succeeded' || r.status === 'failed',
      { what: `cleaning ${name}`, timeoutMs: 180_000 },
    );
    expect(run).toMatchObject({ status: 'succeeded', error: null });
    return run.datasetVersionId!;
  }

  /** A version's documents (id and text) from its shards in the blob store, in shard order. */
  async function versionTexts(versionId: string): Promise<{ id: string; text: string }[]> {
    const manifest = (await call<{ shards: { key: string }[] }>(service.baseUrl, key, 'GET', `/dataset-versions/${versionId}/manifest`)).body;
    return manifest.shards.flatMap((shard) =>
      readFileSync(path.join(blobRoot, shard.key), 'utf8')
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as { id: string; text: string }),
    );
  }

  beforeAll(async () => {
    service = await stack.add('data-service', { BLOB_STORE_DIR: blobRoot, QUEUE_PREFIX: `test:${stack.topicPrefix}` });
    await stack.startAll();
    ({ key } = await issueKey(stack));
    ({ key: otherKey } = await issueKey(stack));
    evalVersion = await clean(evalTexts, 'eval-set');
    trainVersion = await clean(trainTexts, 'train-set');
  });
  afterAll(async () => {
    await stack.teardown();
    rmSync(blobRoot, { recursive: true, force: true });
  });

  it('reports the 13-gram overlap of two versions on both, with counts a separate computation reproduces', async () => {
    const reply = await call<Report>(service.baseUrl, key, 'POST', `/dataset-versions/${trainVersion}/contamination`, { againstVersionId: evalVersion });
    expect(reply.status).toBe(201);
    const report = reply.body;
    const [train, evaluation] = [await versionTexts(trainVersion), await versionTexts(evalVersion)];
    const [trainGrams, evalGrams] = [union(train.map((d) => d.text)), union(evaluation.map((d) => d.text))];
    const expectedSide = (docs: { id: string; text: string }[], other: Set<string>) => {
      const overlaps = docs.map((d) => ({ documentId: d.id, matchedNgrams: matched(d.text, other) })).filter((o) => o.matchedNgrams > 0);
      return { documents: docs.length, overlappingDocuments: overlaps.length, overlaps };
    };
    expect(report).toMatchObject({
      datasetVersionId: trainVersion,
      againstVersionId: evalVersion,
      ngramWords: 13,
      sharedNgrams: [...trainGrams].filter((g) => evalGrams.has(g)).length,
      datasetVersion: { versionId: trainVersion, ...expectedSide(train, evalGrams) },
      againstVersion: { versionId: evalVersion, ...expectedSide(evaluation, trainGrams) },
    });
    // The planted 20-word passages: 8 n-grams each at least, in at least the documents whose source survived cleaning.
    expect(report.datasetVersion.overlappingDocuments).toBeGreaterThanOrEqual(5);
    expect(report.datasetVersion.overlaps.filter((o) => o.matchedNgrams >= 8).length).toBeGreaterThanOrEqual(5);

    for (const version of [trainVersion, evalVersion]) {
      const listed = (await call<{ data: Report[] }>(service.baseUrl, key, 'GET', `/dataset-versions/${version}/contamination-reports`)).body.data;
      expect(listed.map((r) => r.id)).toEqual([report.id]);
      expect(listed[0]).toEqual(report);
    }
  });

  it('removes training documents overlapping the evaluation set as the contamination rule, each decision traceable', async () => {
    const cleaned = await clean(trainTexts, 'train-decontaminated', { contamination: { enabled: true, datasetVersionId: evalVersion } });
    const decisions = (await (await fetch(`${service.baseUrl}/dataset-versions/${cleaned}/decisions`, { headers: { authorization: `Bearer ${key}` } })).text())
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Decision);
    const removed = decisions.filter((d) => d.rule === 'contamination');
    // The plain run's kept documents (no PII, no duplicates in this corpus: the same texts reach the rule) that share
    // any 13-gram with the evaluation set are exactly the ones the rule removed, with the counts computed here.
    const evalGrams = union((await versionTexts(evalVersion)).map((d) => d.text));
    const expected = (await versionTexts(trainVersion)).map((d) => ({ documentId: d.id, status: 'removed', rule: 'contamination', figure: matched(d.text, evalGrams), limit: 1, sourceVersion: evalVersion }));
    expect(removed).toEqual(expected.filter((d) => d.figure > 0).map((d) => expect.objectContaining(d)));
    expect(removed.length).toBeGreaterThanOrEqual(5);
    const kept = await versionTexts(cleaned);
    expect(kept.every((d) => matched(d.text, evalGrams) === 0)).toBe(true);
    const version = (await call<{ report: { removedByRule: Record<string, number> } }>(service.baseUrl, key, 'GET', `/dataset-versions/${cleaned}`)).body;
    expect(version.report.removedByRule.contamination).toBe(removed.length);
  });

  it('refuses what it cannot check with a 4xx naming what to fix', async () => {
    // The same bytes again: the existing corpus, whose id a cleaning run can name.
    const corpus = (await uploadFile<{ id: string }>(service.baseUrl, key, 'eval-set.jsonl', evalTexts.map((text) => JSON.stringify({ text })).join('\n'))).body;
    const othersCorpus = (await uploadFile<{ id: string }>(service.baseUrl, otherKey, 'own.jsonl', JSON.stringify({ text: evalTexts[0] }))).body;
    const missingVersion = { contamination: { enabled: true, datasetVersionId: '00000000-0000-4000-8000-000000000002' } };
    const runsBefore = (await call<{ data: unknown[] }>(service.baseUrl, key, 'GET', '/cleaning-runs?limit=100')).body.data.length;
    const cases: [string, string, object, number, RegExp][] = [
      [otherKey, `/dataset-versions/${trainVersion}/contamination`, { againstVersionId: evalVersion }, 404, /no dataset version/],
      [key, `/dataset-versions/${trainVersion}/contamination`, { againstVersionId: '00000000-0000-4000-8000-000000000000' }, 404, /againstVersionId/],
      [key, `/dataset-versions/${trainVersion}/contamination`, { againstVersionId: trainVersion }, 400, /againstVersionId: must be another version/],
      [key, `/dataset-versions/${trainVersion}/contamination`, { against: evalVersion }, 400, /againstVersionId/],
      [key, '/cleaning-runs', { corpusIds: ['00000000-0000-4000-8000-000000000001'], datasetName: 'x', settings: { contamination: { enabled: true } } }, 400, /contamination\.datasetVersionId/],
      [key, '/cleaning-runs', { corpusIds: [corpus.id], datasetName: 'x', settings: missingVersion }, 404, /settings\.contamination\.datasetVersionId/],
      // Another tenant's version is not an evaluation set one may compare against.
      [otherKey, '/cleaning-runs', { corpusIds: [othersCorpus.id], datasetName: 'x', settings: { contamination: { enabled: true, datasetVersionId: evalVersion } } }, 404, /settings\.contamination\.datasetVersionId/],
    ];
    for (const [who, route, body, status, message] of cases) {
      const reply = await call<{ message: unknown }>(service.baseUrl, who, 'POST', route, body);
      expect({ route, body, status: reply.status }).toEqual({ route, body, status });
      expect(JSON.stringify(reply.body.message)).toMatch(message);
    }
    expect((await call(service.baseUrl, otherKey, 'GET', `/dataset-versions/${evalVersion}/contamination-reports`)).status).toBe(404);
    expect((await call<{ data: unknown[] }>(service.baseUrl, key, 'GET', '/cleaning-runs?limit=100')).body.data.length).toBe(runsBefore);
  });
});
