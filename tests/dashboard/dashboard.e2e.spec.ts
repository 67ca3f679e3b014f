import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { Browser, ConsoleMessage, Locator, Page } from 'playwright-core';
import { accessibilityViolations, screenshot } from './browser';
import { openBrowserSuite } from './browser-suite';
import { chainedSteps } from './chained-steps';
import { reloadUntil } from './reload-until';
import { ADMIN, DashboardStack } from './dashboard-stack';
import { StepTimes } from './step-times';
import { WebhookReceiver } from '../billing/webhook-receiver';
import { fixtureFiles, tarOf } from '../training/model-import-fixtures';

const MEMBER = { email: 'ana@acme.test', password: 'ana data team password' };
/**
 * A pre-training run of a tiny model (1 layer, 32 wide) that takes about two seconds on two CPU cores: the page
 * draws its curve from the progress reports (one a second and the last step) and a validation point at each of four
 * checkpoints. 200 steps and ten checkpoints took 3.5 s and proved nothing more.
 */
const TRAINING_STEPS = 120;
const CHECKPOINT_EVERY = 30;

const CORPUS = [
  'The harbour town wakes early, and fishermen carry their nets down to the boats before the sun rises over the hills.',
  'A small bakery on the corner sells warm bread, and the smell of fresh loaves drifts along the narrow street every morning.',
  'Our cat sleeps on the windowsill all afternoon, watching birds in the garden and ignoring everyone who walks past the house.',
  'The library opened a new reading room with tall windows, comfortable chairs and a quiet corner for students preparing exams.',
  'Write to maria.lopez@example.com if the delivery of garden tools arrives late, and include the order number from the receipt.',
  'The harbour town wakes early, and fishermen carry their nets down to the boats before the sun rises over the hills.',
  'Mountain trails near the village are steep, but hikers who reach the summit see the whole valley and the river below it.',
].join('\n\n');

async function waitForCount(locator: Locator, count: number, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await locator.count()) !== count) {
    if (Date.now() > deadline) throw new Error(`expected ${count} of ${locator}, found ${await locator.count()}`);
    await sleep(100);
  }
}

async function waitForReceived(receiver: WebhookReceiver, path: string, count: number, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (receiver.on(path).length < count) {
    if (Date.now() > deadline) throw new Error(`expected ${count} webhooks at ${path}, got ${receiver.on(path).length}`);
    await sleep(100);
  }
}

/** The first and the last day of the previous UTC month, and its YYYY-MM. */
function previousMonth(now = new Date()) {
  const first = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return { firstDay: first.toISOString().slice(0, 10), period: first.toISOString().slice(0, 7) };
}

/**
 * The issue's whole flow in one browser session: an admin sets up a plan, a tenant, a member and a key; the member
 * uploads, cleans, annotates, reviews and exports, pre-trains a small model on the cleaned version and chats with it
 * in the playground; the admin sees the usage and the invoice. Every step is driven through the pages as a person would, against the real services.
 */
describe('dashboard in Chromium', () => {
  const env = new DashboardStack();
  let browser: Browser;
  let page: Page;
  let trainedModel = '';
  let adapter = '';
  /** The "acme backend" key the admin issued: the tenant's programs (a batch upload here) call the API with it. */
  let acmeKey = '';
  const a11y: Record<string, string[]> = {};
  /** The endpoint's signing secrets as the pages showed them: the rotated one first, then the one it replaced. */
  let signingSecrets: string[] = [];
  const receiver = new WebhookReceiver(() => signingSecrets, () => 200);

  const times = new StepTimes();

  beforeAll(async () => {
    ({ browser, page } = await openBrowserSuite(times, 'services, dashboard server, webhook receiver', () => Promise.all([env.start(), receiver.start()])));
    page.on('dialog', (dialog) => void dialog.accept());
  });

  afterAll(async () => {
    process.stdout.write(times.table('dashboard in Chromium'));
    await browser?.close();
    await env.teardown();
    await receiver.stop();
  });

  const step = chainedSteps(env, () => page, times);

  const checkAccessibility = async (screen: string) => {
    a11y[screen] = await accessibilityViolations(page);
  };

  const signIn = async (email: string, password: string) => {
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
  };

  const signOut = async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to llmchain' }).waitFor();
  };

  step('checks the sign-in form before sending it, and shows the API’s refusal next to it', async () => {
    await page.goto(env.dashboard.url);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Enter the email address you were given').waitFor();
    expect(await page.getByLabel('Email').getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, '01-sign-in');
    await checkAccessibility('sign-in');
    await signIn(ADMIN.email, 'not the password');
    await page.getByRole('alert').getByText('wrong email or password').waitFor();
  });

  step('renders each service’s API reference from its /openapi.json, grouped by caller, with no request leaving 127.0.0.1', async () => {
    // A known operation on each page, under the tag of the user who calls it.
    const references = [
      { link: 'Serving API', caller: 'Tenant', operationId: 'createChatCompletion' },
      { link: 'Data API', caller: 'Data team', operationId: 'postCorpora' },
      { link: 'Training API', caller: 'Data team', operationId: 'postV1TrainingJobs' },
      { link: 'Billing API', caller: 'Admin', operationId: 'postAdminPlans' },
    ];
    const requested: string[] = [];
    const record = (request: { url: () => string }) => requested.push(request.url());
    // The content security policy blocks a fetch elsewhere before it is a request: Chromium reports that on the console.
    const consoleErrors: string[] = [];
    const recordError = (message: ConsoleMessage) => void (message.type() === 'error' && consoleErrors.push(message.text()));
    page.on('request', record);
    page.on('console', recordError);
    try {
      await page.goto(env.dashboard.url);
      await signIn(ADMIN.email, ADMIN.password);
      for (const { link, caller, operationId } of references) {
        await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'API reference' }).click();
        await page.getByRole('link', { name: link, exact: true }).click();
        await page.getByRole('heading', { name: link, level: 1 }).waitFor();
        // Swagger UI's tag heading reads the tag, then its description.
        await page.getByRole('heading', { name: new RegExp(`^${caller} Called by`) }).waitFor();
        await page.getByText(operationId, { exact: true }).waitFor();
        await screenshot(page, `01-reference-${link.split(' ')[0].toLowerCase()}`);
      }
    } finally {
      page.off('request', record);
      page.off('console', recordError);
    }
    expect(consoleErrors).toEqual([]);
    const { origin } = new URL(env.dashboard.url);
    expect(requested.filter((url) => new URL(url).origin.startsWith('http') && new URL(url).origin !== origin)).toEqual([]);
    expect(requested).toEqual(expect.arrayContaining(['serving', 'data', 'training', 'billing'].map((service) => `${origin}/api/${service}/openapi.json`)));
    // Signed out from the home page, so the next sign-in lands on the admin's first screen.
    await page.getByRole('link', { name: 'Tenants', exact: true }).click();
    await signOut();
  });

  step('lets the admin create a plan', async () => {
    await signIn(ADMIN.email, ADMIN.password);
    await page.getByRole('heading', { name: 'Tenants', exact: true }).waitFor();
    await page.getByText('No tenants yet').waitFor();
    await page.getByRole('link', { name: 'Plans', exact: true }).click();
    await page.getByLabel('Code').fill('team');
    await page.getByLabel('Plan name').fill('Team');
    await page.getByLabel('Monthly fee').fill('49.50');
    await page.getByLabel('Included tokens per month').fill('100000');
    for (const meter of ['prompt', 'completion', 'training'])
      await page.getByLabel(`${meter} tier 1: price per 1,000 tokens (minor units)`).fill(meter === 'training' ? '8' : '2');
    await page.getByRole('button', { name: 'Create plan' }).click();
    await page.getByRole('heading', { name: /Team\s+v1/ }).waitFor();
    await page.getByText('49.50 USD').waitFor();
    await screenshot(page, '02-plan');
    await checkAccessibility('plan');
  });

  step('lets the admin create a tenant, subscribe it with proration, add a member, issue a key shown once and fill in its contact addresses', async () => {
    await page.getByRole('link', { name: 'Tenants', exact: true }).click();
    await page.getByLabel('Tenant name').fill('Acme');
    await page.getByRole('button', { name: 'Create tenant' }).click();
    await page.getByRole('heading', { name: 'Acme', level: 1 }).waitFor();

    await page.getByLabel('Plan', { exact: true }).selectOption({ label: 'Team (team v1) — 49.50 USD a month' });
    await page.getByLabel('Starting on').fill(previousMonth().firstDay);
    await page.getByRole('heading', { name: `Proration for ${previousMonth().period}` }).waitFor();
    await page.getByRole('button', { name: 'Subscribe' }).click();
    await page.getByText('On Team (team v1) since').waitFor();

    await page.getByLabel('Member email').fill(MEMBER.email);
    await page.getByLabel('Initial password').fill('short');
    await page.getByRole('button', { name: 'Add member' }).click();
    await page.getByText('Use at least 12 characters').waitFor();
    await page.getByLabel('Initial password').fill(MEMBER.password);
    await page.getByRole('button', { name: 'Add member' }).click();
    await page.getByRole('cell', { name: MEMBER.email, exact: true }).waitFor();

    await page.getByLabel('Key name').fill('acme backend');
    await page.getByRole('button', { name: 'Issue key' }).click();
    const secret = await page.getByLabel('New API key secret').textContent();
    expect(secret).toMatch(/^llmk_[0-9a-f]{8}_/);
    acmeKey = secret as string;
    await page.getByRole('cell', { name: 'acme backend', exact: true }).waitFor();
    await screenshot(page, '03-tenant');
    await checkAccessibility('tenant');
    await page.getByRole('button', { name: 'I have stored it' }).click();
    await page.reload();
    await page.getByRole('cell', { name: 'acme backend', exact: true }).waitFor();
    expect(await page.content()).not.toContain(secret as string);

    // The profile: a malformed address is refused before sending; what is saved is there after a reload.
    await page.getByLabel('Contact email').fill('ops at acme');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await page.getByText('Enter an email address like ops@example.com').waitFor();
    await page.getByLabel('Contact email').fill('ops@acme.test');
    await page.getByLabel('Billing email').fill('billing@acme.test');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await page.getByText('Saved.').waitFor();
    await page.reload();
    await expect(page.getByLabel('Billing email').inputValue()).resolves.toBe('billing@acme.test');
    await signOut();
  });

  step('lets a data team member upload a corpus with progress and clean it into a dataset version with a report', async () => {
    await signIn(MEMBER.email, MEMBER.password);
    await page.getByRole('heading', { name: 'Corpora and cleaning' }).waitFor({ timeout: 60_000 });
    await page.getByText('No corpora yet').waitFor();
    await page.getByLabel('Corpus file').setInputFiles({ name: 'town.txt', mimeType: 'text/plain', buffer: Buffer.from(CORPUS) });
    await page.getByRole('button', { name: 'Upload' }).click();
    await page.getByText(/Uploaded: town\.txt, 7 documents/).waitFor();
    await expect(page.getByLabel('Clean town.txt').isChecked()).resolves.toBe(true);

    await page.getByRole('button', { name: 'Start cleaning run' }).click();
    await page.getByText('Use letters, digits, dot, underscore or dash').waitFor();
    await page.getByLabel('Dataset name').fill('acme-web');
    await page.getByLabel('Fewest words a document may have').fill('5');
    await page.getByRole('button', { name: 'Start cleaning run' }).click();
    await page.getByRole('link', { name: 'Open the report of the new dataset version' }).click({ timeout: 120_000 });
    await page.getByRole('heading', { name: 'acme-web v1' }).waitFor();
    await page.getByRole('heading', { name: 'Cleaning report' }).waitFor();
    await page.getByRole('figure', { name: 'Documents removed per rule' }).waitFor();
    await page.getByRole('figure', { name: 'Personal data redacted, by type' }).getByRole('rowheader', { name: 'email' }).waitFor();
    await screenshot(page, '04-cleaning-report');
    await checkAccessibility('cleaning-report');

    // The duplicate names the document it duplicates; following the link shows that one, kept.
    const keptLink = page.getByRole('button', { name: /Show the kept document/ });
    await keptLink.click();
    await page.getByRole('cell', { name: 'kept', exact: true }).waitFor();
  });

  step('lets the team label with the keyboard, review, see agreement and export a dataset version', async () => {
    await page.getByRole('link', { name: 'Annotate this version' }).click();
    await page.getByLabel('Project name').fill('keep or drop');
    const versions = page.getByLabel('Dataset version to label');
    await versions.selectOption((await versions.locator('option', { hasText: 'acme-web v1' }).getAttribute('value')) as string);
    await page.getByLabel('Classes (comma-separated)').fill('keep, drop');
    await page.getByLabel('Span labels (comma-separated)').fill('place');
    await page.getByLabel('Documents to label').fill('2');
    await page.getByLabel('Instruction for annotators').fill('Keep documents worth training on.');
    await page.getByRole('button', { name: 'Create project' }).click();
    await page.getByRole('heading', { name: 'keep or drop' }).waitFor();

    for (const annotator of ['alice', 'bob']) {
      await page.getByRole('link', { name: 'Label documents' }).click();
      await page.getByLabel('Annotating as').fill(annotator);
      await page.getByRole('button', { name: 'Start labelling' }).click();
      for (let task = 0; task < 2; task++) {
        const document = page.getByRole('document', { name: 'Document to label' });
        await document.waitFor();
        const text = (await document.textContent()) ?? '';
        await document.focus();
        if (annotator === 'alice' && task === 0) {
          const word = text.split(' ')[1];
          await page.getByLabel('Text to mark').fill(word);
          await page.getByRole('button', { name: 'Mark span' }).click();
          await page.getByRole('list', { name: 'Marked spans' }).getByText(`place: “${word}”`).waitFor();
          if (task === 0) await screenshot(page, '05-labelling');
          await document.focus();
        }
        await page.keyboard.press('1');
        await expect(page.getByRole('button', { name: '1 keep' }).getAttribute('aria-pressed')).resolves.toBe('true');
        await page.keyboard.press('Enter');
        await page.getByText(`${task + 1} submitted this session`).waitFor();
      }
      await page.getByText('No documents left for you').waitFor();
      await page.getByRole('link', { name: 'Project overview' }).click();
    }
    await page.getByRole('link', { name: 'Review queue (4)' }).click();
    await page.getByRole('heading', { name: /alice labelled document/ }).first().waitFor();
    await screenshot(page, '06-review');
    await checkAccessibility('review');
    // A rejection needs a comment: checked before anything is sent.
    await page.getByRole('button', { name: 'Reject' }).first().click();
    await page.getByText('a rejection needs a comment').waitFor();
    for (let left = 4; left > 0; left--) {
      await page.getByRole('button', { name: 'Approve' }).first().click();
      await waitForCount(page.getByRole('button', { name: 'Approve' }), left - 1);
    }
    await page.getByText('Nothing awaits review').waitFor();
    await page.getByRole('link', { name: 'export what is approved' }).click();
    await page.getByRole('row', { name: /All classes/ }).waitFor();
    await page.getByLabel('Export dataset name').fill('acme-labels');
    await page.getByRole('button', { name: 'Export', exact: true }).click();
    await page.getByText('Exported 2 records as version 1').waitFor();
    await screenshot(page, '07-agreement-export');
  });

  step('lets the team pre-train a small model from the cleaned version, watching its loss curve, checkpoints and registered model', async () => {
    await page.getByRole('link', { name: 'Training', exact: true }).click();
    await page.getByText('No training jobs yet').waitFor();
    await page.getByRole('button', { name: 'Start job' }).click();
    await page.getByText('Choose the dataset version to train on').waitFor();
    const versions = page.getByLabel('Dataset version', { exact: true });
    await versions.selectOption((await versions.locator('option', { hasText: 'acme-web v1' }).getAttribute('value')) as string);
    const settings: [string, string][] = [
      ['Layers', '1'],
      ['Attention heads', '2'],
      ['Embedding size', '32'],
      ['Context length (tokens)', '32'],
      ['Vocabulary size', '320'],
      ['Steps', String(TRAINING_STEPS)],
      ['Batch size', '8'],
      ['Learning rate', '0.005'],
      ['Checkpoint every (steps)', String(CHECKPOINT_EVERY)],
    ];
    for (const [label, value] of settings) await page.getByLabel(label, { exact: true }).fill(value);
    await page.getByLabel('Model name suffix (optional)').fill('Acme Small');
    await page.getByRole('button', { name: 'Start job' }).click();
    await page.getByText('Use lowercase letters, digits and dashes').waitFor();
    await page.getByLabel('Model name suffix (optional)').fill('acme-small');
    await page.getByRole('button', { name: 'Start job' }).click();
    await page.getByRole('heading', { name: /^Training job [0-9a-f]{8}$/ }).waitFor();

    // The page polls while the job runs: the curve, its summary and the checkpoints grow until the job ends. How many
    // states the page passes through depends on the machine's speed; the end state does not.
    const summary = page.getByText(/^Training loss reported at/);
    const jobCard = page.locator('main section.card').first();
    const seen: string[] = [];
    const deadline = Date.now() + 180_000;
    for (;;) {
      const status = (await jobCard.locator('.badge').first().textContent()) ?? '';
      const text = (await summary.count()) > 0 ? await summary.textContent() : '';
      const curve = /reported at (\d+) steps?:(?:.*Validation loss at (\d+) checkpoints?)?/.exec(text ?? '');
      const state = `${status}${curve ? ` (${curve[1]} reports, ${curve[2] ?? 0} checkpoints)` : ''}`;
      if (seen[seen.length - 1] !== state) seen.push(state);
      if (status === 'succeeded') break;
      if (status === 'failed' || status === 'cancelled') throw new Error(`the training job ended: ${await jobCard.textContent()}`);
      if (Date.now() > deadline) throw new Error(`the training job did not succeed within 180 s: ${seen.join(' → ')}`);
      await sleep(200);
    }
    process.stdout.write(`training job as the page showed it: ${seen.join(' → ')}\n`);
    expect(seen.length).toBeGreaterThan(1);
    const checkpointSteps = Array.from({ length: TRAINING_STEPS / CHECKPOINT_EVERY }, (_, i) => String((i + 1) * CHECKPOINT_EVERY));
    await expect(summary.textContent()).resolves.toMatch(
      new RegExp(
        `at step ${TRAINING_STEPS}\\. Validation loss at ${checkpointSteps.length} checkpoints: \\d+\\.\\d{4} at step ${CHECKPOINT_EVERY}, \\d+\\.\\d{4} at step ${TRAINING_STEPS}\\.$`,
      ),
    );
    await page.getByRole('figure', { name: 'Loss by step' }).waitFor();
    const checkpoints = page.getByRole('region', { name: 'Checkpoints' }).locator('tbody tr');
    await waitForCount(checkpoints, checkpointSteps.length);
    await expect(checkpoints.locator('td:first-child').allTextContents()).resolves.toEqual(checkpointSteps);
    const registered = (await page.getByText(/^Registered model /).textContent()) ?? '';
    trainedModel = /acme-small:[0-9a-f]{8}/.exec(registered)?.[0] ?? '';
    expect(trainedModel).not.toBe('');
    await screenshot(page, '08-training');
    await checkAccessibility('training');

    await page.getByRole('link', { name: 'see your models' }).click();
    await page.getByRole('cell', { name: trainedModel, exact: true }).waitFor();
    await screenshot(page, '09-models');
    await page.getByRole('link', { name: `Chat with ${trainedModel}` }).click();
  });

  step('answers in the playground, streamed from the model the team trained', async () => {
    // serving-service loads the model from the blob store after model.registered; the page lists it once served.
    await reloadUntil(page, () => page.getByLabel('Model', { exact: true }).isVisible(), 'a served model in the playground');
    await expect(page.getByLabel('Model', { exact: true }).inputValue()).resolves.toBe(trainedModel);
    // The model reads 32 tokens: the chat template's turns and the reply must fit.
    await page.getByLabel('Longest reply (tokens)').fill('6');
    await page.getByLabel('Your message').fill('the boats');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByLabel('Tokens of the last reply').waitFor({ timeout: 90_000 });
    const reply = page.locator('.turn.assistant').last();
    expect((await reply.textContent())?.replace(trainedModel, '').trim().length).toBeGreaterThan(0);
    await screenshot(page, '10-playground');
    await checkAccessibility('playground');
    await signOut();
  });

  step('lets the team import an open-weight base and fine-tune it with a LoRA adapter chosen in the job form', async () => {
    await signIn(MEMBER.email, MEMBER.password);
    await page.getByRole('link', { name: 'Models', exact: true }).click();
    // The committed tiny Llama (transformers' own files), uploaded as a tar as a person would from their disk.
    const archive = await tarOf('tiny-llama', fixtureFiles('llama'));
    await page.getByLabel('Model directory (.tar)').setInputFiles({ name: 'tiny-llama.tar', mimeType: 'application/x-tar', buffer: archive });
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByText(/^Import of tiny-llama: succeeded/).waitFor({ timeout: 180_000 });
    await page.getByRole('cell', { name: 'tiny-llama', exact: true }).waitFor();

    await page.getByRole('link', { name: 'Training', exact: true }).click();
    const versions = page.getByLabel('Dataset version', { exact: true });
    await versions.selectOption((await versions.locator('option', { hasText: 'acme-web v1' }).getAttribute('value')) as string);
    await page.getByLabel('Base model').selectOption({ label: 'tiny-llama (llama)' });
    // A Llama-family base trains an adapter; the form starts from the API's defaults.
    await expect(page.getByLabel('Method').inputValue()).resolves.toBe('lora');
    const lora = { Rank: page.getByLabel('Rank', { exact: true }), Alpha: page.getByLabel('Alpha', { exact: true }), Dropout: page.getByLabel('Dropout', { exact: true }) };
    await expect(Promise.all(Object.values(lora).map((field) => field.inputValue()))).resolves.toEqual(['8', '16', '0.05']);
    await page.getByLabel('Method').selectOption('full');
    await page.getByRole('button', { name: 'Start job' }).click();
    await page.getByText('A Llama-family base fine-tunes through a LoRA adapter').waitFor();
    await page.getByLabel('Method').selectOption('lora');
    await lora.Rank.fill('0');
    await page.getByRole('button', { name: 'Start job' }).click();
    await page.getByText('Enter a whole rank from 1 to 256').waitFor();
    const settings: [string, string][] = [
      ['Rank', '4'],
      ['Alpha', '8'],
      ['Dropout', '0'],
      ['Target modules (comma-separated)', 'q_proj, v_proj'],
      ['Context length (tokens)', '32'],
      ['Steps', '6'],
      ['Batch size', '2'],
      ['Learning rate', '0.01'],
      ['Checkpoint every (steps)', '3'],
      ['Model name suffix (optional)', 'river'],
    ];
    for (const [label, value] of settings) await page.getByLabel(label, { exact: true }).fill(value);
    await page.getByRole('button', { name: 'Start job' }).click();
    await page.getByRole('heading', { name: /^Training job [0-9a-f]{8}$/ }).waitFor();
    // The settings as training-service resolved them: what the form sent arrived in the API's method/adapter shape.
    await page.getByText('LoRA adapter on a frozen base').waitFor();
    await page.getByText('rank 4, alpha 8, dropout 0, on q_proj, v_proj').waitFor();
    const jobCard = page.locator('main section.card').first();
    const deadline = Date.now() + 180_000;
    for (let status = ''; status !== 'succeeded'; await sleep(200)) {
      status = (await jobCard.locator('.badge').first().textContent()) ?? '';
      if (status === 'failed' || status === 'cancelled') throw new Error(`the LoRA job ended: ${await jobCard.textContent()}`);
      if (Date.now() > deadline) throw new Error(`the LoRA job did not succeed within 180 s (${status})`);
    }
    adapter = /ft:tiny-llama:river:[0-9a-f]+/.exec((await page.getByText(/^Registered model /).textContent()) ?? '')?.[0] ?? '';
    expect(adapter).not.toBe('');
    await screenshot(page, '10b-lora-job');
    await checkAccessibility('lora-job');
    // The adapter is listed under its base.
    await page.getByRole('link', { name: 'see your models' }).click();
    await page.getByRole('cell', { name: `↳ ${adapter}`, exact: true }).waitFor();
    await signOut();
  });

  step('points an alias at the trained model, splits it with the adapter for a canary, and rolls it back', async () => {
    await signIn(MEMBER.email, MEMBER.password);
    await page.getByRole('link', { name: 'Models', exact: true }).click();
    const aliases = page.getByRole('region', { name: 'Aliases' });
    await aliases.getByText('No aliases yet').waitFor();
    await aliases.getByLabel('Alias', { exact: true }).fill('Acme Bot');
    await aliases.getByRole('button', { name: 'Set alias' }).click();
    await aliases.getByText('Use lowercase letters, digits and . _ - (up to 64), starting with a letter').waitFor();
    await aliases.getByText('Choose the version most requests go to').waitFor();
    await aliases.getByLabel('Alias', { exact: true }).fill('acme-bot');
    await aliases.getByLabel('Version', { exact: true }).selectOption({ label: trainedModel });
    await aliases.getByRole('button', { name: 'Set alias' }).click();
    const row = aliases.getByRole('row', { name: /acme-bot/ });
    await row.getByRole('cell', { name: `${trainedModel} 100%`, exact: true }).waitFor();
    // The canary: a fifth of the requests to the LoRA adapter, set as revision 2.
    await aliases.getByLabel('Canary version (optional)').selectOption({ label: adapter });
    await aliases.getByLabel('Canary share (%)').fill('20');
    await aliases.getByRole('button', { name: 'Set alias' }).click();
    await row.getByRole('cell', { name: `${trainedModel} 80% · ${adapter} 20%`, exact: true }).waitFor();
    await screenshot(page, '10c-aliases');
    await checkAccessibility('aliases');
    await row.getByRole('button', { name: 'Roll back acme-bot' }).click();
    await row.getByRole('cell', { name: `${trainedModel} 100%`, exact: true }).waitFor();
    await expect(row.getByRole('cell').nth(1).textContent()).resolves.toBe('3');
    await signOut();
  });

  step('lets a member add a webhook endpoint for invoices, its signing secret shown once, and rotate the secret', async () => {
    await signIn(MEMBER.email, MEMBER.password);
    await page.getByRole('link', { name: 'Webhooks', exact: true }).click();
    await page.getByText('No webhook endpoints yet').waitFor();
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    await page.getByText('Choose at least one event type').waitFor();
    await page.getByLabel('Endpoint URL').fill(receiver.url('/acme'));
    await page.getByLabel('invoice.issued', { exact: true }).check();
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    const first = (await page.getByLabel('New signing secret').textContent()) ?? '';
    expect(first).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    await page.getByRole('button', { name: 'I have stored it' }).click();
    await page.getByRole('link', { name: receiver.url('/acme'), exact: true }).click();
    await page.getByRole('heading', { name: 'Webhook endpoint', level: 1 }).waitFor();
    await page.getByText('No deliveries yet').waitFor();
    await page.getByRole('button', { name: 'Rotate signing secret' }).click();
    const rotated = (await page.getByLabel('New signing secret').textContent()) ?? '';
    expect(rotated).toMatch(/^whsec_/);
    expect(rotated).not.toBe(first);
    signingSecrets = [rotated, first];
    await page.getByText(/still signs beside the new one until/).waitFor();
    await screenshot(page, '12a-webhooks');
    await checkAccessibility('webhooks');
    await page.getByRole('button', { name: 'I have stored it' }).click();
    await page.reload();
    await page.getByRole('heading', { name: 'Webhook endpoint', level: 1 }).waitFor();
    expect(await page.content()).not.toContain(rotated);
    // The member edits it: a private address is refused beside the URL, a description is saved.
    const edit = page.getByRole('region', { name: 'Edit endpoint' });
    await edit.getByLabel('Endpoint URL').fill('http://10.1.2.3/hooks');
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await edit.getByText(/10\.1\.2\.3, a private, loopback or link-local address/).waitFor();
    await edit.getByLabel('Endpoint URL').fill(receiver.url('/acme'));
    await edit.getByLabel('Description (optional)').fill('Acme invoices');
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await edit.getByText(/^Saved/).waitFor();
    await page.getByRole('definition').filter({ hasText: /^Acme invoices$/ }).waitFor();
    await signOut();
  });

  step('shows the admin the tenant’s and the platform’s usage, last month’s invoice with its PDF, finds the tenant by name, and suspends and reactivates it', async () => {
    await signIn(ADMIN.email, ADMIN.password);
    await page.getByRole('link', { name: 'Usage', exact: true }).click();
    await page.getByLabel('Whose usage').selectOption({ label: 'Acme' });
    // usage.recorded travels serving → Kafka → billing's ledger: reload until it is there.
    await reloadUntil(page, () => page.getByRole('figure', { name: /Tokens by day/ }).isVisible(), 'Acme’s usage');
    await page.getByRole('figure', { name: 'Tokens by model' }).getByRole('rowheader', { name: trainedModel }).waitFor();
    // One model, one label: trained tokens are listed under the same name as served ones, never under a model id.
    const modelRows = page.getByRole('figure', { name: 'Tokens by model' }).getByRole('rowheader');
    await reloadUntil(page, async () => (await modelRows.allTextContents()).includes(adapter), `${adapter}’s usage`);
    await expect(modelRows.allTextContents().then((labels) => labels.sort())).resolves.toEqual([adapter, trainedModel].sort());
    await page.getByText('Included in plan').waitFor();
    await screenshot(page, '11-usage');
    await checkAccessibility('usage');
    await page.getByLabel('Whose usage').selectOption({ label: 'Whole platform' });
    await page.getByRole('figure', { name: 'Tokens by tenant (the top ten)' }).getByRole('rowheader', { name: 'Acme' }).waitFor();

    await page.getByRole('link', { name: 'Invoices', exact: true }).click();
    await page.getByText('No invoices here').waitFor();
    await page.getByLabel('Tenant to invoice').selectOption({ label: 'Acme' });
    await page.getByLabel('Month to invoice').fill(previousMonth().period);
    await page.getByRole('button', { name: 'Draft invoice' }).click();
    await page.getByRole('heading', { name: /Invoice 1/, level: 1 }).waitFor();
    await page.getByRole('cell', { name: /Team/ }).first().waitFor();
    const pdf = page.getByRole('link', { name: 'Download invoice 1 as PDF' });
    await pdf.waitFor();
    const download = await Promise.all([page.waitForEvent('download'), pdf.click()]).then(([d]) => d);
    expect(download.suggestedFilename()).toBe('invoice-1.pdf');
    await page.frameLocator('iframe[title="Invoice 1"]').getByText('49.50').first().waitFor();
    await page.getByRole('button', { name: 'Issue to the tenant' }).click();
    await page.getByText('issued', { exact: true }).waitFor();
    await screenshot(page, '12-invoice');
    await checkAccessibility('invoice');

    // Billing searches the tenants by name; the tenant's page is one click from the match.
    await page.getByRole('link', { name: 'Tenants', exact: true }).click();
    await page.getByLabel('Filter by name').fill('zz');
    await page.getByText('No tenant’s name contains “zz”').waitFor();
    await page.getByLabel('Filter by name').fill('cm');
    await page.getByRole('link', { name: 'Acme', exact: true }).click();

    // Suspension needs a reason, checked before sending; the tenant's status follows.
    await page.getByRole('heading', { name: 'Acme', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Suspend tenant' }).click();
    await page.getByText('Say why, for the record').waitFor();
    await page.getByLabel('Reason for suspending').fill('invoice overdue');
    await page.getByRole('button', { name: 'Suspend tenant' }).click();
    await page.getByRole('button', { name: 'Reactivate tenant' }).click();
    await page.getByRole('button', { name: 'Suspend tenant' }).waitFor();
  });

  step('lets the admin grant the tenant credits in tokens and in its plan’s currency, void one, and read the history', async () => {
    // The admin is on Acme's page, where the previous step left off.
    const credits = page.getByRole('region', { name: 'Prepaid credits' });
    await credits.getByText('No credits granted yet').waitFor();
    await credits.getByRole('button', { name: 'Grant credits' }).click();
    await credits.getByText('Enter a whole number of tokens, at least 1').waitFor();
    await credits.getByLabel('Tokens to grant').fill('5000');
    await credits.getByLabel('Reason').fill('welcome credits');
    await credits.getByRole('button', { name: 'Grant credits' }).click();
    await credits.getByRole('row', { name: /welcome credits/ }).waitFor();
    await credits.getByText('5,000 tokens', { exact: true }).first().waitFor();

    await credits.getByLabel('Grant in').selectOption({ label: 'the plan’s currency' });
    await credits.getByLabel('Amount to grant').fill('25.50');
    await credits.getByLabel('Reason').fill('goodwill');
    await credits.getByRole('button', { name: 'Grant credits' }).click();
    const money = credits.getByRole('row', { name: /goodwill/ });
    await money.waitFor();
    // Acme's plan is in USD: billing names the currency, the page only typed 25.50.
    await expect(money.getByRole('cell').nth(1).textContent()).resolves.toBe('25.50 USD');

    await credits.getByRole('button', { name: 'Void the grant “welcome credits”' }).click();
    await credits.getByRole('row', { name: /welcome credits/ }).getByText('void', { exact: true }).waitFor();
    const balances = credits.locator('dl.details dd');
    await balances.nth(0).filter({ hasText: /^0 tokens$/ }).waitFor();
    await expect(balances.nth(1).textContent()).resolves.toBe('25.50 USD');
    // History, newest first: the void, the money grant, the token grant.
    const history = credits.locator('table').nth(1).locator('tbody tr');
    await waitForCount(history, 3);
    await expect(history.allTextContents()).resolves.toEqual([
      expect.stringMatching(/void.*-5,000 tokens0 tokens$/),
      expect.stringMatching(/grant25\.50 USD25\.50 USD$/),
      expect.stringMatching(/grant5,000 tokens5,000 tokens$/),
    ]);
    await screenshot(page, '13-credits');
    await checkAccessibility('credits');
    await signOut();
  });

  step('shows the member the invoice’s webhook delivery, signed with the rotated secret, and redelivers it under the same id', async () => {
    await signIn(MEMBER.email, MEMBER.password);
    await page.getByRole('link', { name: 'Webhooks', exact: true }).click();
    await page.getByRole('link', { name: receiver.url('/acme'), exact: true }).click();
    const row = page.getByRole('row', { name: /invoice\.issued/ });
    // invoice.issued travels billing's outbox → Kafka → the dispatcher → the receiver (0.2-1 s measured after the
    // invoice was issued); the page shows the delivery's success once the attempt is recorded.
    await waitForReceived(receiver, '/acme', 1, 120_000);
    await reloadUntil(page, () => row.getByRole('cell', { name: 'succeeded', exact: true }).isVisible(), 'the invoice’s delivery as succeeded');
    const [delivered] = receiver.on('/acme');
    expect(receiver.on('/acme')).toHaveLength(1);
    expect(delivered.verifiedBy).toContain(0);
    await row.getByRole('cell', { name: delivered.id, exact: true }).waitFor();
    // The cells after the row's header: event id, created, status, attempts, last response, next attempt.
    await expect(row.getByRole('cell').nth(4).textContent()).resolves.toMatch(/^HTTP 200 at /);

    await row.getByRole('button', { name: /^Redeliver invoice\.issued/ }).click();
    await waitForReceived(receiver, '/acme', 2);
    expect(receiver.on('/acme').map((r) => r.id)).toEqual([delivered.id, delivered.id]);
    await reloadUntil(page, async () => (await row.getByRole('cell').nth(3).textContent()) === '2', 'the redelivery as the second attempt');
    await screenshot(page, '14-webhook-deliveries');
    await checkAccessibility('webhook-deliveries');
    // Done with it, the member deletes the endpoint (the test accepts the confirmation).
    await page.getByRole('button', { name: 'Delete endpoint' }).click();
    await page.getByText('No webhook endpoints yet').waitFor();
  });

  step('shows the member budgets in tokens and in money with the thresholds reached, and starts a batch and follows it to its output file', async () => {
    await page.getByRole('link', { name: 'Budgets', exact: true }).click();
    await page.getByText('No budgets yet').waitFor();
    await page.getByLabel('Budget name').fill('whole tenant');
    await page.getByLabel('Token limit').fill('0');
    await page.getByRole('button', { name: 'Create budget' }).click();
    await page.getByText('Enter a whole number of tokens, at least 1').waitFor();
    await page.getByLabel('Token limit').fill('1000000');
    await page.getByRole('button', { name: 'Create budget' }).click();
    const budget = page.getByRole('row', { name: /whole tenant/ });
    await budget.waitFor();
    // Cells after the name: window, mode, spent, limit, used, alerts.
    await expect(budget.getByRole('cell').nth(0).textContent()).resolves.toBe('monthly');
    await expect(budget.getByRole('cell').nth(3).textContent()).resolves.toBe('1,000,000');
    await expect(budget.getByRole('cell').nth(5).textContent()).resolves.toBe('50%, 80%, 100%');
    await expect(budget.getByRole('cell').nth(6).textContent()).resolves.toBe('none');
    // A budget in the plan's currency (USD): typed as money, sent as minor units, shown in USD.
    await page.getByLabel('Budget name').fill('USD cap');
    await page.getByLabel('Limit in').selectOption({ label: 'USD (the plan’s currency)' });
    await page.getByLabel('Limit (USD)').fill('2.505');
    await page.getByRole('button', { name: 'Create budget' }).click();
    await page.getByText('Enter an amount in USD with at most two decimals, like 250 or 49.90').waitFor();
    await page.getByLabel('Limit (USD)').fill('2.50');
    await page.getByRole('button', { name: 'Create budget' }).click();
    await expect(page.getByRole('row', { name: /^USD cap/ }).getByRole('cell').nth(3).textContent()).resolves.toBe('2.50 USD');
    // A budget of one token, which the batch below passes.
    await page.getByLabel('Limit in').selectOption('tokens');
    await page.getByLabel('Budget name').fill('one token');
    await page.getByLabel('Token limit').fill('1');
    await page.getByRole('button', { name: 'Create budget' }).click();
    const tiny = page.getByRole('row', { name: /^one token/ });
    await tiny.waitFor();
    await screenshot(page, '15-budgets');
    await checkAccessibility('budgets');

    // The member starts a batch of two chats from a JSONL file; serving's refusal of a repeated custom_id shows first.
    const lines = ['a', 'b'].map((id) => JSON.stringify({ custom_id: id, method: 'POST', url: '/v1/chat/completions', body: { model: trainedModel, messages: [{ role: 'user', content: 'the harbour' }], max_tokens: 4 } }));
    await page.getByRole('link', { name: 'Batches', exact: true }).click();
    const jsonl = (rows: string[]) => ({ name: 'chats.jsonl', mimeType: 'application/jsonl', buffer: Buffer.from(rows.join('\n') + '\n') });
    await page.getByLabel('Requests file (JSONL)').setInputFiles(jsonl([lines[0], lines[0]]));
    await page.getByRole('button', { name: 'Start batch' }).click();
    await page.getByText('Line 2: custom_id "a" was already used on line 1; each must be unique.', { exact: true }).waitFor();
    await page.getByLabel('Requests file (JSONL)').setInputFiles(jsonl(lines));
    await page.getByRole('button', { name: 'Start batch' }).click();
    const started = (await page.getByRole('status').filter({ hasText: /^Started batch_/ }).textContent()) ?? '';
    const batch = { id: /^Started (batch_\S+);/.exec(started)?.[1] ?? `(not in “${started}”)` };
    const row = page.getByRole('row', { name: new RegExp(batch.id) });
    await reloadUntil(page, () => row.getByRole('cell', { name: 'completed', exact: true }).isVisible(), `${batch.id} as completed`);
    await row.getByRole('cell', { name: '2 of 2 (0 failed)', exact: true }).waitFor();
    const download = await Promise.all([page.waitForEvent('download'), row.getByRole('button', { name: `Output file of ${batch.id}` }).click()]).then(([d]) => d);
    expect(download.suggestedFilename()).toBe(`${batch.id}-output.jsonl`);
    const output = readFileSync((await download.path()) as string, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { custom_id: string });
    expect(output.map((o) => o.custom_id).sort()).toEqual(['a', 'b']);
    await screenshot(page, '16-batches');
    await checkAccessibility('batches');

    // The batch's usage passed the one-token budget: its three thresholds show as reached this window.
    await page.getByRole('link', { name: 'Budgets', exact: true }).click();
    await reloadUntil(page, async () => /100% on/.test((await tiny.getByRole('cell').nth(6).textContent()) ?? ''), 'the one-token budget’s thresholds as reached');
    await expect(tiny.getByRole('cell').nth(6).textContent()).resolves.toMatch(/^50% on \S+ \S+ UTC, 80% on \S+ \S+ UTC, 100% on \S+ \S+ UTC$/);
    await page.getByRole('link', { name: 'Batches', exact: true }).click();

    // A program of the tenant's starts a batch of 1,000 chats through the OpenAI-shaped API; it is still running when
    // the member cancels it from its row.
    const serving = env.stack.get('serving-service').baseUrl;
    const long = await startBatch(serving, Array.from({ length: 1000 }, (_, i) => lines[0].replace('"custom_id":"a"', `"custom_id":"long-${i}"`)));
    await page.reload();
    const longRow = page.getByRole('row', { name: new RegExp(long.id) });
    await longRow.getByRole('button', { name: `Cancel ${long.id}` }).click();
    await longRow.getByRole('cell', { name: /^cancell(ing|ed)$/ }).waitFor();
    await expect(longRow.getByRole('button', { name: `Cancel ${long.id}` }).count()).resolves.toBe(0);
  });

  /** Uploads JSONL request lines with the tenant's key and starts a batch of them, as an OpenAI client would. */
  const startBatch = async (serving: string, lines: string[]): Promise<{ id: string }> => {
    const headers = { authorization: `Bearer ${acmeKey}` };
    const form = new FormData();
    form.append('purpose', 'batch');
    form.append('file', new Blob([lines.join('\n') + '\n']), 'chats.jsonl');
    const file = (await (await fetch(`${serving}/v1/files`, { method: 'POST', headers, body: form })).json()) as { id: string };
    const created = await fetch(`${serving}/v1/batches`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ input_file_id: file.id, endpoint: '/v1/chat/completions', completion_window: '24h' }),
    });
    expect(created.status).toBe(200);
    return (await created.json()) as { id: string };
  };

  it('has no WCAG 2 AA violations axe-core can find on the screens above', () => {
    expect(Object.keys(a11y)).toEqual(['sign-in', 'plan', 'tenant', 'cleaning-report', 'review', 'training', 'playground', 'lora-job', 'aliases', 'webhooks', 'usage', 'invoice', 'credits', 'webhook-deliveries', 'budgets', 'batches']);
    expect(a11y).toEqual(Object.fromEntries(Object.keys(a11y).map((screen) => [screen, []])));
  });
});
