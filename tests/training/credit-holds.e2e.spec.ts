import { LiveCreditBalance } from '@llmchain/platform';
import { infraEnv } from '@llmchain/testing';
import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { Job, Tenant, TrainingHarness } from './training-harness';

const MODEL = { layers: 1, heads: 2, embeddingSize: 32, contextLength: 32, vocabSize: 320 };
const HYPERPARAMETERS = { steps: 5, batchSize: 2, seed: 1 };
/** What the runner meters a job for when it runs every step: steps × batch size × window (the context length). */
const ESTIMATE = 5 * 2 * 32;

/**
 * A prepaid tenant's training jobs hold their estimated tokens on the live balance from creation to their end, so
 * two jobs created at once against a balance that covers one cannot both start. No worker runs: the jobs wait in
 * validation, holding, until cancelled.
 */
describe('training-service: credit holds for training jobs', () => {
  const harness = new TrainingHarness();
  const redis = new Redis(infraEnv().REDIS_URL, { lazyConnect: true });
  const live = new LiveCreditBalance(redis);
  let tenant: Tenant;
  let versionId: string;

  beforeAll(async () => {
    await harness.start({}, { workers: 0 });
    await redis.connect();
    tenant = await harness.tenant();
    versionId = await harness.datasetVersion(tenant);
  });
  afterAll(async () => {
    await redis.quit();
    await harness.teardown();
  });

  const createJob = () => harness.createJob(tenant, { kind: 'pretrain', datasetVersionId: versionId, model: MODEL, hyperparameters: HYPERPARAMETERS });
  const holds = () => redis.hgetall(`credits:{${tenant.tenantId}}:holds`);

  it('admits one of two concurrent jobs the balance covers once, holds its estimate until it ends, then admits the other', async () => {
    // As billing enables a prepaid tenant: the balance covers one job and a half.
    await live.apply({ eventId: randomUUID(), tenantId: tenant.tenantId, change: 'enable', tokens: ESTIMATE * 1.5 });
    const both = await Promise.all([createJob(), createJob()]);
    expect(both.map((reply) => reply.status).sort()).toEqual([201, 429]);
    const admitted = both.find((reply) => reply.status === 201)!.body as Job & { hyperparameters: { steps: number; batchSize: number; seqLen: number } };
    const refused = both.find((reply) => reply.status === 429)!.body as unknown as { code: string; message: string };
    expect(refused.code).toBe('insufficient_quota');
    expect(refused.message).toContain(`estimated at ${ESTIMATE} tokens`);
    expect(refused.message).toContain(`has ${ESTIMATE / 2} left`);
    const { steps, batchSize, seqLen } = admitted.hyperparameters;
    expect(steps * batchSize * seqLen).toBe(ESTIMATE);
    expect(await holds()).toEqual({ [admitted.id]: String(ESTIMATE) });
    expect(await harness.trainingRows('SELECT id FROM training_jobs WHERE tenant_id = $1', [tenant.tenantId])).toEqual([{ id: admitted.id }]);

    const cancelled = await harness.call<{ status: string }>(harness.training, tenant, 'POST', `/v1/training/jobs/${admitted.id}/cancel`);
    expect(cancelled.body.status).toBe('cancelled');
    expect(await holds()).toEqual({});
    // Cancelled before it ran, the job used nothing: the balance is untouched and covers the next job.
    expect(await live.balance(tenant.tenantId)).toBe(ESTIMATE * 1.5);
    const next = await createJob();
    expect(next.status).toBe(201);
    expect(await holds()).toEqual({ [next.body.id]: String(ESTIMATE) });
  });

  it('holds nothing for a tenant whose balance is not enforced', async () => {
    const other = await harness.tenant();
    const otherVersion = await harness.datasetVersion(other);
    const created = await harness.createJob(other, { kind: 'pretrain', datasetVersionId: otherVersion, model: MODEL, hyperparameters: HYPERPARAMETERS });
    expect(created.status).toBe(201);
    expect(await redis.hlen(`credits:{${other.tenantId}}:holds`)).toBe(0);
  });
});
