import { waitUntil } from '@llmchain/testing';
import { fixtureFiles, tarOf } from './model-import-fixtures';
import { Tenant, TrainingHarness } from './training-harness';

type Import = { id: string; status: string; modelId: string | null };
type Refusal = { limit?: string; message?: string };

/** Smaller than any model: the tenant's first import fills it, whatever the exported files weigh. */
const QUOTA_BYTES = 1;

describe('training-service: a quota on the bytes of a tenant\'s stored models', () => {
  const harness = new TrainingHarness();
  let tenant: Tenant;
  let other: Tenant;
  let versionId: string;

  beforeAll(async () => {
    await harness.start({}, { trainingEnv: { TENANT_MODEL_STORAGE_QUOTA_BYTES: String(QUOTA_BYTES) } });
    [tenant, other] = [await harness.tenant(), await harness.tenant()];
    versionId = await harness.datasetVersion(tenant);
  });
  afterAll(() => harness.teardown());

  const importGpt2 = async (who: Tenant) => {
    const response = await fetch(`${harness.training.baseUrl}/v1/models/imports?name=gpt2-${Date.now()}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${who.key}`, 'content-type': 'application/x-tar' },
      body: await tarOf('tiny-gpt2', fixtureFiles('gpt2')),
    });
    return { status: response.status, body: (await response.json()) as Import & Refusal };
  };
  const succeeded = (who: Tenant, id: string) =>
    waitUntil(
      async () => (await harness.call<Import>(harness.training, who, 'GET', `/v1/models/imports/${id}`)).body,
      (i) => i.status === 'succeeded' || i.status === 'failed',
      { timeoutMs: 180_000, what: `import ${id} to finish` },
    );
  const jobCount = async () => (await harness.trainingRows<{ n: string }>('SELECT count(*) AS n FROM training_jobs'))[0].n;

  it('refuses imports and model-training jobs with 429 once the models fill it, creates nothing, and counts per tenant', async () => {
    const first = await importGpt2(tenant);
    expect(first.status).toBe(201);
    expect(await succeeded(tenant, first.body.id)).toMatchObject({ status: 'succeeded' });

    const before = await jobCount();
    const secondImport = await importGpt2(tenant);
    expect(secondImport.status).toBe(429);
    expect(secondImport.body.limit).toBe('model_storage');
    expect(secondImport.body.message).toContain(`quota on stored models (${QUOTA_BYTES} bytes) is used up`);
    const pretrain = await harness.createJob(tenant, { kind: 'pretrain', datasetVersionId: versionId });
    expect(pretrain.status).toBe(429);
    expect(pretrain.body).toMatchObject({ limit: 'model_storage' });
    expect(await jobCount()).toBe(before);

    // A tokenizer job stores no model; another tenant's models are its own.
    expect((await harness.createJob(tenant, { kind: 'tokenizer', datasetVersionId: versionId })).status).toBe(201);
    expect((await importGpt2(other)).status).toBe(201);
  });
});
