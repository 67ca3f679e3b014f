import { TOPICS } from '@llmchain/contracts';
import { waitUntil } from '@llmchain/testing';
import OpenAI from 'openai';
import { Job, Merge, Tenant, TrainingHarness } from './training-harness';

const PROMPT = 'the cat sat on the';

/**
 * The whole path of an open-weight base: the committed Llama fixture imported through training-service, LoRA
 * fine-tuned by a real job, announced with model.registered over Kafka to a real serving-service, and called with
 * the official `openai` client under the adapter's served name. The truth is the same adapter merged into its base
 * by the merge API (W + alpha/r·B·A, checked against the test's own arithmetic in lora-jobs.e2e.spec.ts) and served
 * as a plain model: a different graph (no LoRA inputs) and different weights must give the same answer.
 */
describe('an adapter trained by a job, served', () => {
  const harness = new TrainingHarness();
  let tenant: Tenant;
  let client: OpenAI;
  let job: Job;
  let adapterName: string;

  const complete = (model: string) => client.completions.create({ model, prompt: PROMPT, max_tokens: 12, temperature: 0 });
  /** Waits until serving answers `model` (it loads on model.registered, after the commit). */
  const servedSoon = (model: string) =>
    waitUntil(
      () => complete(model).then(() => 'ready', (error: Error) => error.message),
      (state) => state === 'ready',
      { timeoutMs: 120_000, what: `serving to answer ${model}` },
    );

  beforeAll(async () => {
    await harness.start({}, { serving: true });
    tenant = await harness.tenant();
    client = new OpenAI({ apiKey: tenant.key, baseURL: `${harness.serving!.baseUrl}/v1`, maxRetries: 0 });
    const baseId = await harness.importLlamaFixture(tenant);
    const versionId = await harness.datasetVersion(tenant, 30_000);
    // A learning rate large enough that 8 steps move the random base's greedy answer (checked below).
    const created = await harness.createJob(tenant, {
      kind: 'finetune',
      datasetVersionId: versionId,
      baseModelId: baseId,
      suffix: 'served',
      model: { contextLength: 32 },
      adapter: { type: 'lora', rank: 4, alpha: 8, dropout: 0 },
      method: { type: 'supervised', supervised: { hyperparameters: { steps: 8, batchSize: 2, learningRate: 0.05 } } },
    });
    expect(created.status).toBe(201);
    job = await harness.finished(tenant, created.body.id);
    expect(job).toMatchObject({ status: 'succeeded', error: null });
    adapterName = (await harness.call<{ name: string }>(harness.training, tenant, 'GET', `/v1/models/${job.modelId}`)).body.name;
  });
  afterAll(() => harness.teardown());

  it('answers as the merged model does, differs from the base, and meters under the adapter name', async () => {
    // The OpenAI-style name `ft:<base>:<suffix>:<id>` is served as is, on the base's session.
    expect(adapterName).toMatch(/^ft:tiny-llama:served:/);
    await servedSoon(adapterName);
    await servedSoon('tiny-llama');
    const listed = (await client.models.list()).data.map((m) => m.id);
    expect(listed).toEqual(expect.arrayContaining(['tiny-llama', adapterName]));

    const merge = await harness.call<Merge>(harness.training, tenant, 'POST', `/v1/models/${job.modelId}/merge`, { name: 'tiny-llama-served-merged' });
    expect(merge.status).toBe(201);
    const merged = await harness.mergeFinished(tenant, merge.body.id);
    expect(merged).toMatchObject({ status: 'succeeded', error: null });
    await servedSoon('tiny-llama-served-merged');

    // Sent at once, so the adapter's row and the base's may share the base's batch (per-row factors, zero for the base).
    const [adapter, base, truth] = await Promise.all([complete(adapterName), complete('tiny-llama'), complete('tiny-llama-served-merged')]);
    expect(adapter.choices[0].text).toBe(truth.choices[0].text);
    expect(adapter.choices[0].text).not.toBe(base.choices[0].text);
    expect(adapter.model).toBe(adapterName);
    expect(adapter.usage).toMatchObject({ prompt_tokens: truth.usage!.prompt_tokens, completion_tokens: truth.usage!.completion_tokens });

    // Metered for the adapter's own name, with the counts the client was told, in the row and the event billing reads.
    const metered = { model: adapterName, promptTokens: adapter.usage!.prompt_tokens, completionTokens: adapter.usage!.completion_tokens };
    const [row] = await waitUntil(
      () => harness.servingRows<{ model: string; promptTokens: number; completionTokens: number }>(
        'SELECT model, prompt_tokens AS "promptTokens", completion_tokens AS "completionTokens" FROM usage_records WHERE request_id = $1',
        [adapter.id],
      ),
      (rows) => rows.length === 1,
      { timeoutMs: 30_000, what: 'the adapter call metered' },
    );
    expect(row).toEqual(metered);
    const event = await waitUntil(
      async () => (await harness.topicEvents(TOPICS.usageRecorded, 1)).find((e) => e.data.requestId === adapter.id),
      (found) => found !== undefined,
      { timeoutMs: 30_000, what: 'usage.recorded for the adapter call' },
    );
    expect(event!.data).toMatchObject({ ...metered, tenantId: tenant.tenantId });
  });
});
