import { queryRows, waitUntil } from '@llmchain/testing';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { Browser, Page } from 'playwright-core';
import { LoopbackSite } from '../data/loopback-site';
import { accessibilityViolations, screenshot } from './browser';
import { openBrowserSuite } from './browser-suite';
import { chainedSteps } from './chained-steps';
import { ADMIN, DashboardStack } from './dashboard-stack';
import { StepTimes } from './step-times';

const MEMBER = { email: 'eva@evals.test', password: 'eva evaluation password' };

/**
 * Eval items as a CSV a person would import: the text, the answer and what was expected (one row without text, which
 * the import skips). The truth the pages must show is computed here from the rows: which items' answer is expected.
 */
const QUIZ = Array.from({ length: 12 }, (_, i) => ({
  text: `Question ${i + 1} asks about the ${['river', 'harbour', 'meadow', 'lantern'][i % 4]} number ${i * 7 + 3} in the old town`,
  answer: `answer ${i % 4}`,
  expected: i % 3 === 0 ? `answer ${(i + 1) % 4}` : `answer ${i % 4}`,
}));
const QUIZ_CSV = ['text,answer,expected', ...QUIZ.map((q) => `${q.text},${q.answer},${q.expected}`), ',answer 9,answer 9'].join('\n');
const EXPECTED_MATCHES = QUIZ.filter((q) => q.answer === q.expected).length;

/** Training text, and a validation text of which exactly two documents are copies of training documents (13-gram overlap). */
const TRAIN = [
  'The harbour town wakes early, and fishermen carry their nets down to the boats before the sun rises over the hills.',
  'A small bakery on the corner sells warm bread, and the smell of fresh loaves drifts along the narrow street every morning.',
  'Our cat sleeps on the windowsill all afternoon, watching birds in the garden and ignoring everyone who walks past the house.',
  'The library opened a new reading room with tall windows, comfortable chairs and a quiet corner for students preparing exams.',
  'Mountain trails near the village are steep, but hikers who reach the summit see the whole valley and the river below it.',
  'Copper kettles hang above the stove in the inn where travellers warm their hands after crossing the frozen pass in winter.',
];
const VALIDATION = [
  TRAIN[1],
  TRAIN[4],
  'Lanterns swing from the masts at night while the tide turns and gulls settle on the harbour wall to sleep until dawn.',
  'Children gather chestnuts under the old trees by the school and roast them on a fire in the yard when the term ends.',
];
/** Items for the quality classifier's project: ten or more of each class, as the trainer requires. */
const GOOD = Array.from({ length: 20 }, (_, i) => `${TRAIN[i % TRAIN.length]} Chapter ${i + 1} continues the story with a calm and careful description.`);
const BAD = Array.from({ length: 20 }, (_, i) => `buy now ${i} cheap cheap click here $$$ !!! free free win win ${'x'.repeat(i + 3)} best deal`);

const TRAINING_SETTINGS: [string, string][] = [
  ['Layers', '1'],
  ['Attention heads', '2'],
  ['Embedding size', '32'],
  ['Context length (tokens)', '32'],
  ['Vocabulary size', '300'],
  ['Steps', '60'],
  ['Batch size', '4'],
  ['Learning rate', '0.005'],
  ['Checkpoint every (steps)', '10'],
];

type EvalRunView = { id: string; status: string; per_testing_criteria_results: { testing_criteria: string; pass_rate: number | null }[] };
type OutputItem = { datasource_item_id: number; status: string };

/**
 * The screens for what the backend gained this week, driven in Chromium against the real services: a CSV imported
 * with a field mapping and a crawl followed and cancelled (connectors), a job trained with a validation version and
 * early stopping (its selected checkpoint checked against the checkpoints' losses), an eval run on two models with
 * its items drilled into and the two runs compared (figures checked against the CSV's truth and the API's items), a
 * quality classifier trained from the form with its figures and its histogram on a cleaned version, and the
 * contamination between two versions (two planted copies).
 */
describe('dashboard in Chromium: connectors, evals, classifiers, contamination, checkpoint selection', () => {
  const env = new DashboardStack({ CRAWL_ALLOW_PRIVATE_TARGETS: 'true' });
  const site = new LoopbackSite();
  let browser: Browser;
  let page: Page;
  let key = '';
  let tenantId = '';
  const a11y: Record<string, string[]> = {};
  const ids = { quizVersion: '', trainVersion: '', validationVersion: '', evalId: '', models: [] as string[] };

  const api = async <T = any>(service: 'data-service' | 'training-service' | 'billing-service', method: string, path: string, body?: unknown, token = key): Promise<T> => {
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${env.stack.get(service).baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 500)}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };

  const uploadCorpus = async (name: string, texts: string[]): Promise<string> => {
    const form = new FormData();
    form.append('file', new Blob([texts.map((text) => JSON.stringify({ text })).join('\n')]), `${name}.jsonl`);
    const response = await fetch(`${env.stack.get('data-service').baseUrl}/corpora`, { method: 'POST', headers: { authorization: `Bearer ${key}` }, body: form });
    return ((await response.json()) as { id: string }).id;
  };
  /** A corpus uploaded and cleaned with every filter off (so each document stays), as a dataset version. */
  const cleanedVersion = async (name: string, texts: string[]): Promise<string> => cleanCorpora(name, [await uploadCorpus(name, texts)]);
  const cleanCorpora = async (name: string, corpusIds: string[]): Promise<string> => {
    const off = { enabled: false };
    const run = await api('data-service', 'POST', '/cleaning-runs', {
      corpusIds,
      datasetName: name,
      settings: { language: off, quality: off, exactDedup: off, nearDedup: off, pii: off },
    });
    const done = await waitUntil(
      () => api('data-service', 'GET', `/cleaning-runs/${run.id}`),
      (r) => r.status === 'succeeded' || r.status === 'failed',
      { timeoutMs: 120_000, what: `cleaning ${name}` },
    );
    if (done.status !== 'succeeded') throw new Error(`cleaning ${name} failed: ${done.error}`);
    return done.datasetVersionId;
  };
  /** Training-service learns of a version from dataset.version.ready: wait until it knows it. */
  const knownToTraining = (versionId: string) =>
    waitUntil(
      () => queryRows(env.stack.database('training-service').url, 'SELECT 1 FROM dataset_version_replicas WHERE id = $1', [versionId]),
      (rows) => rows.length === 1,
      { timeoutMs: 60_000, what: `dataset version ${versionId} in training-service` },
    );

  const times = new StepTimes();

  beforeAll(async () => {
    ({ browser, page } = await openBrowserSuite(times, 'services, dashboard server, loopback site', () => Promise.all([env.start(), site.start()])));
    await times.time('setup: tenant, member and key, accepted by data and training', seedTenant);
  });

  /** The tenant the steps work in, set up through the APIs (the main dashboard suite drives these screens). */
  const seedTenant = async () => {
    const admin = await fetch(`${env.stack.get('billing-service').baseUrl}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ADMIN),
    }).then((r) => r.json() as Promise<{ token: string }>);
    const tenant = await api('billing-service', 'POST', '/admin/tenants', { name: 'Evals Co' }, admin.token);
    tenantId = tenant.id;
    await api('billing-service', 'POST', `/admin/tenants/${tenant.id}/users`, MEMBER, admin.token);
    key = (await api('billing-service', 'POST', `/admin/tenants/${tenant.id}/api-keys`, { name: 'setup', scopes: ['data', 'training', 'serving'] }, admin.token)).key;
    for (const [service, path] of [
      ['data-service', '/corpora'],
      ['training-service', '/v1/training/jobs'],
    ] as const)
      await waitUntil(() => api(service, 'GET', path).then(() => true, () => false), Boolean, { timeoutMs: 60_000, what: `${service} to accept the key` });
  };

  afterAll(async () => {
    process.stdout.write(times.table('dashboard in Chromium: connectors, evals, classifiers, contamination'));
    await browser?.close();
    await site.stop();
    await env.teardown();
  });

  const step = chainedSteps(env, () => page, times);
  const checkAccessibility = async (screen: string) => {
    a11y[screen] = await accessibilityViolations(page);
  };
  const nav = (name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true }).click();

  step('imports a CSV with a field mapping as a corpus, the skipped row counted on its run', async () => {
    await page.goto(env.dashboard.url);
    await page.getByLabel('Email').fill(MEMBER.email);
    await page.getByLabel('Password').fill(MEMBER.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Corpora and cleaning' }).waitFor({ timeout: 60_000 });
    await nav('Connectors');
    await page.getByText('No connector runs yet').waitFor();
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByText('Choose the file to import').waitFor();
    await page.getByLabel('File to import').setInputFiles({ name: 'quiz.csv', mimeType: 'text/csv', buffer: Buffer.from(QUIZ_CSV) });
    await page.getByLabel('Metadata columns (comma-separated)').fill('answer, text');
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    // The service's refusal, shown by the form: the text column cannot also be metadata.
    await page.getByText(/the text column cannot also be a metadata column/).waitFor();
    await page.getByLabel('Metadata columns (comma-separated)').fill('answer, expected');
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByText(`Imported: ${QUIZ.length} documents, skipped 1 empty_text`).waitFor();
    const row = page.getByRole('row', { name: /CSV import/ });
    await row.getByRole('cell', { name: 'quiz.csv' }).waitFor();
    await expect(row.locator('td').allTextContents()).resolves.toEqual(['quiz.csv', 'succeeded', String(QUIZ.length), '1', expect.any(String)]);
    await row.getByRole('link', { name: 'CSV import' }).click();
    await page.getByRole('figure', { name: 'Items skipped, by reason' }).getByRole('row', { name: /empty_text/ }).getByText('1', { exact: true }).waitFor();
    await screenshot(page, '20-connector-import');
    await checkAccessibility('connector-run');

    const runs = (await api<{ data: { corpusId: string }[] }>('data-service', 'GET', '/connectors/runs')).data;
    ids.quizVersion = await cleanCorpora('quiz', [runs[0].corpusId]);
  });

  step('follows a crawl of a loopback site as its pages arrive, and cancels it', async () => {
    await page.getByRole('link', { name: '← Connectors' }).click();
    await page.getByLabel('Seed URLs (one a line)').fill('not a url');
    await page.getByRole('button', { name: 'Start crawl' }).click();
    await page.getByText('Not an http(s) URL: not a url').waitFor();
    await page.getByLabel('Seed URLs (one a line)').fill(`${site.origin}/`);
    await page.getByRole('button', { name: 'Start crawl' }).click();
    await page.getByRole('heading', { name: /^Connector run [0-9a-f]{8}$/ }).waitFor();
    // One request a second to the one host: the count grows while the page polls.
    const fetched = page.getByText(/^\d+ pages of at most 100/);
    await waitUntil(async () => Number(/^(\d+)/.exec((await fetched.textContent().catch(() => '')) ?? '')?.[1] ?? 0), (n) => n >= 2, {
      timeoutMs: 60_000,
      what: 'two pages fetched on the page',
    });
    await screenshot(page, '21-crawl-progress');
    await page.getByRole('button', { name: 'Cancel crawl' }).click();
    await page.locator('main .badge', { hasText: 'cancelled' }).waitFor({ timeout: 30_000 });
    const runId = /connectors\/runs\/([0-9a-f-]+)/.exec(page.url())?.[1] as string;
    const run = await api('data-service', 'GET', `/connectors/runs/${runId}`);
    expect(run.status).toBe('cancelled');
    await page.getByText(`${run.progress.pagesFetched} pages of at most 100`).waitFor();
    // Cancelled before the whole site (robots, sitemap, seven documents, the slow page) was read.
    expect(run.progress.pagesFetched).toBeLessThan(LoopbackSite.documentPaths.length);
  });

  step('trains with a validation version and early stopping, and shows which checkpoint became the model and why', async () => {
    ids.trainVersion = await cleanedVersion('train', TRAIN);
    ids.validationVersion = await cleanedVersion('validation', VALIDATION);
    await Promise.all([ids.trainVersion, ids.validationVersion, ids.quizVersion].map(knownToTraining));
    await nav('Training');
    const versions = page.getByLabel('Dataset version', { exact: true });
    await versions.selectOption((await versions.locator('option', { hasText: 'train v1' }).getAttribute('value')) as string);
    for (const [label, value] of TRAINING_SETTINGS) await page.getByLabel(label, { exact: true }).fill(value);
    await page.getByLabel('Validation dataset version').selectOption({ label: 'train v1' });
    await page.getByLabel('Early stopping patience (checkpoints)').fill('0');
    await page.getByRole('button', { name: 'Start job' }).click();
    await page.getByText('Choose a version other than the one trained on, or none').waitFor();
    await page.getByText('Enter a whole number of checkpoints from 1 to 100').waitFor();
    await page.getByLabel('Validation dataset version').selectOption({ label: 'validation v1' });
    // Patience 1 with a least improvement of 10 (more than any loss can fall) stops at the second checkpoint.
    await page.getByLabel('Early stopping patience (checkpoints)').fill('1');
    await page.getByLabel('Least improvement (loss)').fill('10');
    await page.getByLabel('Model name suffix (optional)').fill('early');
    await page.getByRole('button', { name: 'Start job' }).click();
    await page.getByRole('heading', { name: /^Training job [0-9a-f]{8}$/ }).waitFor();
    const jobId = /training\/jobs\/([0-9a-f-]+)/.exec(page.url())?.[1] as string;
    await page.locator('main section.card').first().locator('.badge', { hasText: 'succeeded' }).waitFor({ timeout: 180_000 });

    const checkpoints = (await api<{ data: { step: number; validationLoss: number }[] }>('training-service', 'GET', `/v1/training/jobs/${jobId}/checkpoints`)).data;
    expect(checkpoints.map((c) => c.step)).toEqual([10, 20]);
    const best = checkpoints.reduce((a, b) => (b.validationLoss < a.validationLoss ? b : a));
    const selection = page.getByRole('region', { name: 'Checkpoint selection' });
    await selection.getByText(`Selected checkpoint: step ${best.step}, validation set loss ${best.validationLoss.toFixed(4)}`).waitFor();
    await selection.getByText(/Stopped early at step 20\./).waitFor();
    await selection.getByRole('link', { name: /dataset version/ }).waitFor();
    const table = page.getByRole('region', { name: 'Checkpoints' });
    for (const c of checkpoints) {
      const cells = await table.getByRole('row').filter({ has: page.getByRole('cell', { name: String(c.step), exact: true }) }).locator('td').allTextContents();
      expect(cells[3]).toBe(c.validationLoss.toFixed(4));
      expect(cells[4]).toBe(c.step === best.step ? 'selected' : '');
    }
    await page.getByText(/Validation set loss at 2 checkpoints/).waitFor();
    await screenshot(page, '22-checkpoint-selection');
    await checkAccessibility('checkpoint-selection');
    ids.models.push((await api('training-service', 'GET', `/v1/training/jobs/${jobId}`)).modelId);

    // A second model to compare with: the same shape trained longer, without early stopping.
    const second = await api('training-service', 'POST', '/v1/training/jobs', {
      kind: 'pretrain',
      datasetVersionId: ids.trainVersion,
      model: { layers: 1, heads: 2, embeddingSize: 32, contextLength: 32, vocabSize: 300 },
      hyperparameters: { steps: 40, batchSize: 4, learningRate: 0.01, seed: 7 },
      suffix: 'longer',
    });
    const done = await waitUntil(
      () => api('training-service', 'GET', `/v1/training/jobs/${second.id}`),
      (j) => ['succeeded', 'failed', 'cancelled'].includes(j.status),
      { timeoutMs: 180_000, what: 'the second training job' },
    );
    expect(done.status).toBe('succeeded');
    ids.models.push(done.modelId);
  });

  step('runs an eval on both models, drills into an item, and compares the two runs item by item', async () => {
    const evaluation = await api('training-service', 'POST', '/v1/evals', {
      name: 'quiz answers',
      data_source_config: { type: 'dataset_version', dataset_version_id: ids.quizVersion },
      testing_criteria: [
        { type: 'string_check', name: 'expected', input: '{{item.answer}}', reference: '{{item.expected}}', operation: 'eq' },
        // Short enough for the models' 32-token context: the context and its longest choice.
        { type: 'multiple_choice', name: 'pick', context: 'Is it {{item.expected}}?', choices: ['{{item.answer}}', 'no'], answer: '{{item.answer}}', normalize: 'characters' },
      ],
    });
    ids.evalId = evaluation.id;
    await nav('Evals');
    await page.getByRole('link', { name: 'quiz answers' }).click();
    await page.getByRole('rowheader', { name: 'expected' }).waitFor();
    const runIds: string[] = [];
    for (const [i, name] of ['early stopped', 'trained longer'].entries()) {
      await page.getByRole('button', { name: 'Start run' }).click();
      await page.getByText('Choose the model to evaluate').waitFor();
      await page.getByLabel('Model to evaluate').selectOption(ids.models[i]);
      await page.getByLabel('Run name (optional)').fill(name);
      await page.getByRole('button', { name: 'Start run' }).click();
      await page.getByRole('heading', { name: `Eval run ${name}` }).waitFor();
      await page.locator('main .badge', { hasText: 'succeeded' }).first().waitFor({ timeout: 180_000 });
      runIds.push(/runs\/([0-9a-f-]+)/.exec(page.url())?.[1] as string);
      // The criterion whose truth the CSV gives: answer equals expected on 8 of the 12 items.
      const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'expected', exact: true }) });
      await expect(row.locator('td').nth(4).textContent()).resolves.toBe(`${((EXPECTED_MATCHES / QUIZ.length) * 100).toFixed(1)}%`);
      if (i === 0) {
        await page.getByRole('button', { name: 'Show item 0' }).click();
        const detail = page.getByRole('region', { name: 'Item 0' });
        await detail.getByText(QUIZ[0].text).first().waitFor();
        // Item 0's answer is not what was expected; the multiple choice shows what decided it.
        await detail.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'expected', exact: true }) }).getByRole('cell', { name: 'fail' }).waitFor();
        await detail.getByText(/log_likelihoods/).first().waitFor();
        await screenshot(page, '23-eval-run-item');
        await checkAccessibility('eval-run');
      }
      await page.getByRole('link', { name: '← The eval and its runs' }).click();
    }
    await page.getByLabel('Compare early stopped').check();
    await page.getByLabel('Compare trained longer').check();
    await page.getByRole('link', { name: 'Compare the two runs side by side' }).click();
    await page.getByRole('heading', { name: 'Two runs compared' }).waitFor();

    // What the page must say, from the API's own items of each run.
    const verdicts = await Promise.all(
      runIds.map(async (runId) => new Map((await api<{ data: OutputItem[] }>('training-service', 'GET', `/v1/evals/${ids.evalId}/runs/${runId}/output_items?limit=100`)).data.map((item) => [item.datasource_item_id, item.status]))),
    );
    const [a, b] = verdicts;
    const expected = { bothPass: 0, onlyA: 0, onlyB: 0, neither: 0 };
    for (const [index, verdict] of a) {
      if (verdict === 'pass' && b.get(index) === 'pass') expected.bothPass++;
      else if (verdict === 'pass') expected.onlyA++;
      else if (b.get(index) === 'pass') expected.onlyB++;
      else expected.neither++;
    }
    const stats = page.getByRole('list', { name: 'Verdicts of the two runs' });
    const shown = Object.fromEntries(
      await Promise.all(
        (['Both pass', 'Only A passes', 'Only B passes', 'Neither passes'] as const).map(async (label) => [label, Number(await stats.locator('li', { hasText: label }).locator('.value').textContent())]),
      ),
    );
    expect(shown).toEqual({ 'Both pass': expected.bothPass, 'Only A passes': expected.onlyA, 'Only B passes': expected.onlyB, 'Neither passes': expected.neither });
    const runs = await Promise.all(runIds.map((runId) => api<EvalRunView>('training-service', 'GET', `/v1/evals/${ids.evalId}/runs/${runId}`)));
    const pickRate = (run: EvalRunView) => `${((run.per_testing_criteria_results.find((c) => c.testing_criteria === 'pick')?.pass_rate ?? 0) * 100).toFixed(1)}%`;
    const pickRow = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'pick', exact: true }) });
    await expect(pickRow.locator('td').allTextContents().then((cells) => cells.slice(0, 2))).resolves.toEqual(runs.map(pickRate));
    const differing = [...a].filter(([index, verdict]) => b.get(index) !== verdict).length;
    await page.getByLabel('Only items whose verdicts differ').check();
    await waitUntil(() => page.getByRole('region', { name: 'Item by item' }).locator('tbody tr').count(), (n) => n === Math.min(10, differing), {
      timeoutMs: 10_000,
      what: `the ${differing} items whose verdicts differ`,
    });
    await screenshot(page, '24-eval-compare');
    await checkAccessibility('eval-compare');

    // A run on a checkpoint of the early-stopped model's job: a step it never saved is refused by the service.
    await page.getByRole('link', { name: '← The eval and its runs' }).click();
    await page.getByLabel('Model to evaluate').selectOption(ids.models[0]);
    await page.getByLabel('Checkpoint step (optional)').fill('7');
    await page.getByRole('button', { name: 'Start run' }).click();
    await page.getByText(/saved no checkpoint at step 7; it has 10, 20/).waitFor();
    await page.getByLabel('Checkpoint step (optional)').fill('10');
    await page.getByRole('button', { name: 'Start run' }).click();
    await page.getByText(/^Model early:[0-9a-f]{8}:ckpt-step-10/).waitFor();
    await page.locator('main .badge', { hasText: 'succeeded' }).first().waitFor({ timeout: 180_000 });
  });

  step('trains a quality classifier from the form, shows its figures, and its score histogram on a cleaned version', async () => {
    // The project's labels, written as the annotation screens would leave them once reviewed: approved.
    const projectId = randomUUID();
    const db = new Client({ connectionString: env.stack.database('data-service').url });
    await db.connect();
    try {
      await db.query(
        `INSERT INTO annotation_projects (id, tenant_id, name, source_version_id, label_schema, overlap, instruction) VALUES ($1, $2, 'good or junk', $3, $4, 1, 'is it good text?')`,
        [projectId, tenantId, ids.trainVersion, JSON.stringify({ classes: ['good', 'junk'], spanLabels: [] })],
      );
      for (const [ordinal, [text, label]] of [...GOOD.map((t) => [t, 'good']), ...BAD.map((t) => [t, 'junk'])].entries()) {
        const taskId = randomUUID();
        await db.query(`INSERT INTO annotation_tasks (id, project_id, ordinal, document_id, text) VALUES ($1, $2, $3, $4, $5)`, [taskId, projectId, ordinal, randomUUID(), text]);
        await db.query(`INSERT INTO annotations (id, task_id, project_id, annotator, label, spans, review_status) VALUES ($1, $2, $3, 'ana', $4, '[]', 'approved')`, [
          randomUUID(),
          taskId,
          projectId,
          label,
        ]);
      }
    } finally {
      await db.end();
    }
    await nav('Quality classifiers');
    await page.getByText('No classifiers yet').waitFor();
    await page.getByLabel('Annotation project').selectOption({ label: 'good or junk' });
    await page.getByLabel('Class “good”').selectOption('good');
    await page.getByRole('button', { name: 'Train classifier' }).click();
    await page.getByText('Mark at least one class as bad').waitFor();
    await page.getByLabel('Class “junk”').selectOption('bad');
    await page.getByRole('button', { name: 'Train classifier' }).click();
    const row = page.getByRole('row', { name: /version 1/ });
    await row.waitFor();
    const [classifier] = (await api<{ data: { id: string; trainingDocuments: number; metrics: Record<string, number> }[] }>('data-service', 'GET', '/quality-classifiers')).data;
    await expect(row.locator('td').allTextContents()).resolves.toEqual([
      expect.any(String),
      'good ← → junk',
      String(classifier.trainingDocuments),
      String(classifier.metrics.examples),
      ...['accuracy', 'precision', 'recall', 'auc'].map((m) => classifier.metrics[m].toFixed(3)),
      expect.any(String),
    ]);
    await screenshot(page, '25-quality-classifiers');
    await checkAccessibility('quality-classifiers');

    // The cleaning form applies the classifier: every other stage off, so each document reaches it.
    await uploadCorpus('scored', [...TRAIN, ...BAD.slice(0, 4)]);
    await nav('Corpora & cleaning');
    await page.getByLabel('Clean scored.jsonl').check();
    await page.getByLabel('Dataset name').fill('scored');
    for (const stage of ['Identify languages', 'Quality rules (Gopher/C4)', 'Remove exact duplicates', 'Remove near duplicates (MinHash)', 'Redact personal data'])
      await page.getByLabel(stage).uncheck();
    await page.getByLabel('Quality classifier').selectOption({ label: `version 1 (accuracy ${classifier.metrics.accuracy.toFixed(3)})` });
    await page.getByLabel('Remove below score').fill('2');
    await page.getByRole('button', { name: 'Start cleaning run' }).click();
    await page.getByText('Enter a score from 0 to 1').waitFor();
    await page.getByLabel('Remove below score').fill('0.5');
    await page.getByRole('button', { name: 'Start cleaning run' }).click();
    await page.getByRole('link', { name: 'Open the report of the new dataset version' }).click({ timeout: 120_000 });
    const scored = /datasets\/([0-9a-f-]+)/.exec(page.url())?.[1] as string;
    const report = (await api('data-service', 'GET', `/dataset-versions/${scored}`)).report;
    expect(report.settings.qualityClassifier).toMatchObject({ enabled: true, classifierId: classifier.id, threshold: 0.5 });
    const histogram = page.getByRole('figure', { name: 'Documents per quality score' });
    await histogram.waitFor();
    const bins = (report.qualityScoreHistogram as number[]).map((count, i) => [`${(i / 10).toFixed(1)}–${((i + 1) / 10).toFixed(1)}`, count] as const);
    // Every document of the corpus was scored once.
    expect(bins.reduce((sum, [, count]) => sum + count, 0)).toBe(TRAIN.length + 4);
    for (const [label, count] of bins) await expect(histogram.getByRole('row', { name: new RegExp(`^${label}`) }).locator('td').first().textContent()).resolves.toBe(String(count));
  });

  step('checks a version against another for 13-gram contamination and shows both sides', async () => {
    await page.goto(`${env.dashboard.url}/datasets/${ids.trainVersion}`);
    const section = page.getByRole('region', { name: 'Contamination' });
    await section.getByText('Not checked against any version yet.').waitFor();
    await section.getByRole('button', { name: 'Check for overlap' }).click();
    await section.getByText('Choose the version to compare with').waitFor();
    await section.getByLabel('Compare with version').selectOption({ label: 'validation v1' });
    await section.getByRole('button', { name: 'Check for overlap' }).click();
    const row = section.getByRole('row').filter({ has: page.getByRole('link', { name: /^version [0-9a-f]{8}$/ }) });
    await row.waitFor();
    // Two validation documents are copies of training documents: two overlap on each side.
    const cells = await row.locator('td').allTextContents();
    expect(cells.slice(1, 3)).toEqual([`2 of ${TRAIN.length}`, `2 of ${VALIDATION.length}`]);
    await screenshot(page, '26-contamination');
    await checkAccessibility('contamination');
    // The report shows from the other side too.
    await row.getByRole('link').click();
    await page.getByRole('heading', { name: 'validation v1' }).waitFor();
    const other = page.getByRole('region', { name: 'Contamination' }).getByRole('row').filter({ has: page.getByRole('link', { name: /^version/ }) });
    await expect(other.locator('td').allTextContents().then((c) => c.slice(1, 3))).resolves.toEqual([`2 of ${VALIDATION.length}`, `2 of ${TRAIN.length}`]);
  });

  it('has no WCAG 2 AA violations axe-core can find on the new screens', () => {
    expect(a11y).toEqual(Object.fromEntries(Object.keys(a11y).map((screen) => [screen, []])));
    expect(Object.keys(a11y)).toHaveLength(6);
  });
});
