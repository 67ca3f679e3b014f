import { ServiceProcess, ServiceStack, waitUntil } from '@llmchain/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { slowDocumentText } from '../../libs/data-cleaning/src/testing/slow-document';
import { adversarialCorpus } from '../../tools/corpus-generator/adversarial-corpus';
import { bearer, call, issueKey, uploadFile } from './data-api';

type Run = { id: string; status: string; error: string | null; datasetVersionId: string | null };
type Decision = { documentId: string; status: string; rule?: string; figure?: number; limit?: number };

const BUDGET_MS = 1_500;
const MAX_UNFINISHED_RUNS = 2;
/** Room for the one document that must outlast the budget (the default caps are 8 MiB). */
const SLOW_DOCUMENT_LIMIT_BYTES = 64 * 1024 ** 2;

describe('data-service cleans an adversarial corpus off its event loop, within a time budget per document', () => {
  const stack = new ServiceStack();
  const blobRoot = mkdtempSync(path.join(tmpdir(), 'data-adversarial-blobs-'));
  let service: ServiceProcess;
  let key: string;
  let corpusId: string;

  beforeAll(async () => {
    service = await stack.add('data-service', {
      BLOB_STORE_DIR: blobRoot,
      QUEUE_PREFIX: `test:${stack.topicPrefix}`,
      CLEANING_WORKERS: '1',
      CLEANING_DOCUMENT_BUDGET_MS: String(BUDGET_MS),
      TENANT_MAX_QUEUED_CLEANING_RUNS: String(MAX_UNFINISHED_RUNS),
      UPLOAD_MAX_LINE_BYTES: String(SLOW_DOCUMENT_LIMIT_BYTES),
      UPLOAD_MAX_DOCUMENT_BYTES: String(SLOW_DOCUMENT_LIMIT_BYTES),
    });
    await stack.startAll();
    ({ key } = await issueKey(stack));
  });
  afterAll(async () => {
    await stack.teardown();
    rmSync(blobRoot, { recursive: true, force: true });
  });

  it('decides every pathological document by its stages, removes a document past the budget as too_slow, and answers health within a second throughout', async () => {
    // 200k characters each: milliseconds for linear patterns, about a minute each for the quadratic ones of before.
    const adversarial = adversarialCorpus(200_000);
    // 53 MB of honest work in the stages, 3× the budget at load 2.5 (slowDocumentText).
    const slowText = slowDocumentText(6_000_000);
    const lines = [...adversarial.map((d) => ({ text: d.text, attacks: d.attacks })), { text: slowText, attacks: 'size' }];
    const upload = await uploadFile<{ id: string; documents: number }>(service.baseUrl, key, 'adversarial.jsonl', lines.map((l) => JSON.stringify(l)).join('\n'));
    expect(upload.status).toBe(201);
    expect(upload.body.documents).toBe(lines.length);
    corpusId = upload.body.id;

    const started = await call<Run>(service.baseUrl, key, 'POST', '/cleaning-runs', {
      corpusIds: [upload.body.id],
      datasetName: 'adversarial',
      // Quality filters would drop most of these before PII; off, every document reaches every regex-based stage.
      settings: { quality: { enabled: false } },
    });
    expect(started.status).toBe(202);

    let slowestHealthMs = 0;
    let healthChecks = 0;
    let running = true;
    const probing = (async () => {
      while (running) {
        const sent = performance.now();
        const response = await fetch(`${service.baseUrl}/health/live`, { signal: AbortSignal.timeout(10_000) });
        await response.text();
        slowestHealthMs = Math.max(slowestHealthMs, performance.now() - sent);
        healthChecks++;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    const finished = await waitUntil(
      async () => (await call<Run>(service.baseUrl, key, 'GET', `/cleaning-runs/${started.body.id}`)).body,
      (run) => run.status === 'succeeded' || run.status === 'failed',
      { what: 'the adversarial cleaning run to finish', timeoutMs: 120_000 },
    ).finally(() => (running = false));
    await probing;

    expect(finished).toMatchObject({ status: 'succeeded', error: null });
    expect(healthChecks).toBeGreaterThan(5);
    expect(slowestHealthMs).toBeLessThan(1_000);

    const decisionsResponse = await fetch(`${service.baseUrl}/dataset-versions/${finished.datasetVersionId}/decisions`, { headers: bearer(key) });
    const decisions = (await decisionsResponse.text()).trim().split('\n').map((l) => JSON.parse(l) as Decision);
    expect(decisions).toHaveLength(lines.length);
    const slow = decisions[decisions.length - 1];
    expect(slow).toMatchObject({ documentId: `${upload.body.id}:${lines.length}`, status: 'removed', rule: 'too_slow', limit: BUDGET_MS });
    expect(slow.figure).toBeGreaterThan(BUDGET_MS);
    const adversarialDecisions = decisions.slice(0, adversarial.length).map((d, i) => ({ attacks: adversarial[i].attacks, rule: d.rule ?? null }));
    expect(adversarialDecisions.filter((d) => d.rule === 'too_slow')).toEqual([]);
  });

  it('refuses a cleaning run past the tenant cap on unfinished runs with 429 naming it, and accepts one once a run finished', async () => {
    const start = () => call<Run & { limit?: string; message?: string }>(service.baseUrl, key, 'POST', '/cleaning-runs', { corpusIds: [corpusId], datasetName: 'capped' });
    // One worker at a time: the first run is running (seconds, for the slow document), the second waits.
    const accepted = [await start(), await start()];
    expect(accepted.map((reply) => reply.status)).toEqual([202, 202]);
    const refused = await start();
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ limit: 'queued_cleaning_runs' });
    expect(refused.body.message).toContain(`the most a tenant may have (${MAX_UNFINISHED_RUNS})`);

    await waitUntil(
      async () => (await call<Run>(service.baseUrl, key, 'GET', `/cleaning-runs/${accepted[0].body.id}`)).body,
      (run) => run.status === 'succeeded' || run.status === 'failed',
      { what: 'the first capped run to finish', timeoutMs: 120_000 },
    );
    expect((await start()).status).toBe(202);
  });
});
