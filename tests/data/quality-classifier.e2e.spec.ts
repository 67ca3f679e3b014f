import { scoreQuality } from '@llmchain/data-cleaning';
import { ServiceProcess, ServiceStack, waitUntil } from '@llmchain/testing';
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { generateCorpus } from '../../tools/corpus-generator/generate-corpus';
import { call, issueKey, uploadFile } from './data-api';

type Classifier = {
  id: string;
  version: number;
  trainingDocuments: number;
  modelSha256: string;
  metrics: { examples: number; accuracy: number; precision: number; recall: number; auc: number };
};

/**
 * A quality classifier trained over HTTP from an annotation project's approved labels (the project's rows written
 * straight into data-service's database: generated documents, originals labelled "good" and junk "bad", with pending
 * and rejected annotations that must be ignored). The held-out accuracy the service reports is checked against one
 * computed here: the held-out documents found by this test's own reading of the split rule, the stored model read
 * back from its blob by this test's own parser, and the correct answers counted here.
 */
describe('data-service quality classifiers: trained from approved labels, versioned, held-out figures checked', () => {
  const stack = new ServiceStack();
  const blobRoot = mkdtempSync(path.join(tmpdir(), 'classifier-e2e-blobs-'));
  let service: ServiceProcess;
  let base: string;
  let key: string;
  let tenantId: string;
  const projectId = randomUUID();
  const generated = [...generateCorpus({ targetBytes: 600_000, seed: 9, junkShare: 0.35, exactDuplicateShare: 0, nearDuplicateShare: 0 })];
  const truth = new Map(generated.map(({ document, label }) => [document.text, label.kind !== 'junk']));

  beforeAll(async () => {
    service = await stack.add('data-service', { BLOB_STORE_DIR: blobRoot, QUEUE_PREFIX: `test:${stack.topicPrefix}` });
    await stack.startAll();
    base = service.baseUrl;
    ({ key, tenantId } = await issueKey(stack));
    const db = new Client({ connectionString: stack.database('data-service').url });
    await db.connect();
    try {
      await db.query(
        `INSERT INTO annotation_projects (id, tenant_id, name, source_version_id, label_schema, overlap, instruction) VALUES ($1, $2, 'quality', $3, $4, 2, 'is it good text?')`,
        [projectId, tenantId, randomUUID(), JSON.stringify({ classes: ['good', 'bad', 'unsure'], spanLabels: [] })],
      );
      for (const [ordinal, { document, label }] of generated.entries()) {
        const taskId = randomUUID();
        await db.query(`INSERT INTO annotation_tasks (id, project_id, ordinal, document_id, text) VALUES ($1, $2, $3, $4, $5)`, [
          taskId,
          projectId,
          ordinal,
          document.id,
          document.text,
        ]);
        const right = label.kind === 'junk' ? 'bad' : 'good';
        const wrong = right === 'good' ? 'bad' : 'good';
        const annotations: [string, string, string][] = [['alice', right, 'approved']];
        // Noise the trainer must ignore: a wrong label that was rejected, one still pending, and an "unsure".
        if (ordinal % 3 === 0) annotations.push(['bob', wrong, 'rejected']);
        if (ordinal % 5 === 0) annotations.push(['carol', wrong, 'pending']);
        if (ordinal % 7 === 0) annotations.push(['dave', 'unsure', 'approved']);
        for (const [annotator, value, status] of annotations)
          await db.query(
            `INSERT INTO annotations (id, task_id, project_id, annotator, label, spans, review_status) VALUES ($1, $2, $3, $4, $5, '[]', $6)`,
            [randomUUID(), taskId, projectId, annotator, value, status],
          );
      }
    } finally {
      await db.end();
    }
  });
  afterAll(async () => {
    await stack.teardown();
    rmSync(blobRoot, { recursive: true, force: true });
  });

  let first: Classifier;
  let model: { dimensions: number; bias: number; weights: Float32Array };

  it('trains version 1 and reports the held-out accuracy an independent count gives', async () => {
    const response = await call<Classifier>(base, key, 'POST', '/quality-classifiers', { projectId, goodLabels: ['good'], badLabels: ['bad'] });
    expect(response.status).toBe(201);
    first = response.body;
    expect(first.version).toBe(1);

    const heldOut = generated.filter(({ document }) => createHash('sha256').update(document.text).digest().readUInt32BE(0) < 0.2 * 2 ** 32);
    expect(first.trainingDocuments).toBe(generated.length - heldOut.length);
    expect(first.metrics.examples).toBe(heldOut.length);

    const blob = readFileSync(path.join(blobRoot, 'tenants', tenantId, 'quality-classifiers', `${first.modelSha256}.bin`));
    expect(createHash('sha256').update(blob).digest('hex')).toBe(first.modelSha256);
    const newline = blob.indexOf(0x0a);
    const header = JSON.parse(blob.subarray(0, newline).toString()) as { dimensions: number; bias: number };
    const weights = new Float32Array(header.dimensions).map((_, i) => blob.readFloatLE(newline + 1 + 4 * i));
    model = { dimensions: header.dimensions, bias: header.bias, weights };
    const correct = heldOut.filter(({ document }) => (scoreQuality(model, document.text) >= 0.5) === truth.get(document.text)).length;
    expect(first.metrics.accuracy).toBeCloseTo(correct / heldOut.length, 12);
    expect(first.metrics.accuracy).toBeGreaterThan(0.9);
    expect(first.metrics.auc).toBeGreaterThan(0.95);
  });

  it('retraining makes version 2; both are listed', async () => {
    const second = await call<Classifier>(base, key, 'POST', '/quality-classifiers', { projectId, goodLabels: ['good'], badLabels: ['bad'] });
    expect(second.status).toBe(201);
    expect(second.body.version).toBe(2);
    const listed = (await call<{ data: Classifier[] }>(base, key, 'GET', '/quality-classifiers')).body.data;
    expect(listed.map((classifier) => classifier.version).sort()).toEqual([1, 2]);
    expect((await call<Classifier>(base, key, 'GET', `/quality-classifiers/${first.id}`)).body).toEqual(first);
  });

  it('applies a chosen version as a cleaning rule: a score on every decision, removal below the threshold, a histogram', async () => {
    const upload = await uploadFile<{ id: string }>(base, key, 'docs.jsonl', generated.map(({ document }) => JSON.stringify({ text: document.text })).join('\n'));
    expect(upload.status).toBe(201);
    const threshold = 0.6;
    const off = { enabled: false };
    const started = await call<{ id: string }>(base, key, 'POST', '/cleaning-runs', {
      corpusIds: [upload.body.id],
      datasetName: 'classified',
      settings: { normalize: off, language: off, quality: off, exactDedup: off, nearDedup: off, pii: off, qualityClassifier: { enabled: true, classifierId: first.id, threshold } },
    });
    expect(started.status).toBe(202);
    const run = await waitUntil(
      async () => (await call<{ status: string; error: string | null; datasetVersionId: string }>(base, key, 'GET', `/cleaning-runs/${started.body.id}`)).body,
      (current) => current.status === 'succeeded' || current.status === 'failed',
      { what: 'the cleaning run', timeoutMs: 120_000 },
    );
    expect(run.error).toBeNull();
    const version = await call<{ report: { documentsIn: number; removedByRule: Record<string, number>; qualityScoreHistogram: number[]; settings: { qualityClassifier: { modelSha256: string } } } }>(
      base,
      key,
      'GET',
      `/dataset-versions/${run.datasetVersionId}`,
    );
    const scores = generated.map(({ document }) => scoreQuality(model, document.text));
    const bins = new Array<number>(10).fill(0);
    for (const score of scores) bins[Math.min(9, Math.floor(score * 10))]++;
    expect(version.body.report.documentsIn).toBe(generated.length);
    expect(version.body.report.removedByRule.quality_classifier).toBe(scores.filter((score) => score < threshold).length);
    expect(version.body.report.qualityScoreHistogram).toEqual(bins);
    expect(version.body.report.settings.qualityClassifier.modelSha256).toBe(first.modelSha256);
  });

  it('refuses labels that give too few examples, a label on both sides, and another tenant\'s project', async () => {
    const tooFew = await call<{ message: string }>(base, key, 'POST', '/quality-classifiers', { projectId, goodLabels: ['good'], badLabels: ['spam'] });
    expect(tooFew.status).toBe(400);
    expect(tooFew.body.message).toMatch(/approve at least 10 of each/);
    const both = await call(base, key, 'POST', '/quality-classifiers', { projectId, goodLabels: ['good'], badLabels: ['good'] });
    expect(both.status).toBe(400);
    const { key: otherKey } = await issueKey(stack);
    const foreign = await call(base, otherKey, 'POST', '/quality-classifiers', { projectId, goodLabels: ['good'], badLabels: ['bad'] });
    expect(foreign.status).toBe(404);
    // Reading: another tenant's classifier is not found, and their list holds none of this tenant's (the chain's
    // tenant-isolation suite names this test for these routes: seeding a classifier there needs 20 approved labels).
    expect((await call(base, otherKey, 'GET', `/quality-classifiers/${first.id}`)).status).toBe(404);
    expect((await call<{ data: unknown[] }>(base, otherKey, 'GET', '/quality-classifiers')).body.data).toEqual([]);
    expect((await call(base, key, 'GET', `/quality-classifiers/${first.id}`)).status).toBe(200);
  });
});
