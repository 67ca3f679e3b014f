import { Tenant, TrainingHarness } from './training-harness';

const MAX_UNFINISHED = 2;

describe('training-service: a cap on the jobs a tenant has waiting or running', () => {
  const harness = new TrainingHarness();
  let tenant: Tenant;
  let other: Tenant;
  let versionId: string;
  let otherVersionId: string;

  beforeAll(async () => {
    // No worker: every job stays in validation, so the count of unfinished jobs is exactly what the test created.
    await harness.start({}, { workers: 0, trainingEnv: { TRAINING_TENANT_MAX_QUEUED_JOBS: String(MAX_UNFINISHED) } });
    [tenant, other] = [await harness.tenant(), await harness.tenant()];
    versionId = await harness.datasetVersion(tenant);
    otherVersionId = await harness.datasetVersion(other);
  });
  afterAll(() => harness.teardown());

  it('refuses the job past the cap with 429 naming it, creates nothing, counts per tenant, and frees a place on cancel', async () => {
    const job = (who: Tenant, datasetVersionId: string) => harness.createJob(who, { kind: 'tokenizer', datasetVersionId });
    const accepted = [await job(tenant, versionId), await job(tenant, versionId)];
    expect(accepted.map((reply) => reply.status)).toEqual([201, 201]);

    const before = await harness.trainingRows('SELECT count(*) AS n FROM training_jobs');
    const refused = await job(tenant, versionId);
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ limit: 'queued_training_jobs' });
    expect(refused.body.message).toContain(`the most a tenant may have (${MAX_UNFINISHED})`);
    expect(await harness.trainingRows('SELECT count(*) AS n FROM training_jobs')).toEqual(before);

    expect((await job(other, otherVersionId)).status).toBe(201);

    const cancelled = await harness.call<{ status: string }>(harness.training, tenant, 'POST', `/v1/training/jobs/${accepted[0].body.id}/cancel`);
    expect(cancelled.body.status).toBe('cancelled');
    expect((await job(tenant, versionId)).status).toBe(201);
  });
});
