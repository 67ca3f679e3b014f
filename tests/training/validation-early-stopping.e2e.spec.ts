import { LocalDirectoryBlobStore } from '@llmchain/platform';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { referenceLoss } from '../../apps/training-service/src/runner/testing/reference-loss';
import { Job, Tenant, TrainingHarness } from './training-harness';

type Checkpoint = { step: number; trainLoss: number; valLoss: number; validationLoss: number | null; metrics: { step: number; valid_loss: number; full_valid_loss: number | null } };
type Selected = { step: number; metric: string; value: number; checkpoints: number; earlyStoppedAtStep: number | null; reason: string };
type JobWithValidation = Job & { validationDatasetVersionId: string | null; earlyStopping: object | null; selectedCheckpoint: Selected | null };
type Model = { metrics: { validationLoss: number | null }; artifact: { blobKey: string }; files: { path: string }[] };
type Event = { type: string; message: string; data: Record<string, unknown> | null };
type List<T> = { data: T[] };

const SEQ_LEN = 32;
const BATCH = 4;

describe('training with a validation set and early stopping, end to end', () => {
  const harness = new TrainingHarness();
  let tenant: Tenant;
  let other: Tenant;
  let trainVersion: string;
  let validationVersion: string;
  let blobs: LocalDirectoryBlobStore;

  beforeAll(async () => {
    // A short lock: a killed worker's job goes back to the queue within seconds.
    await harness.start({ TRAINING_JOB_LOCK_MS: '4000' });
    [tenant, other] = [await harness.tenant(), await harness.tenant()];
    trainVersion = await harness.datasetVersion(tenant, 60_000, 7);
    validationVersion = await harness.datasetVersion(tenant, 20_000, 8);
    blobs = new LocalDirectoryBlobStore(path.join(harness.blobDir, 'blobs'));
  });
  afterAll(() => harness.teardown());

  /** The validation version's documents, read from its published shards. */
  async function validationTexts(): Promise<string[]> {
    const [row] = await harness.trainingRows<{ manifest_blob_key: string }>('SELECT manifest_blob_key FROM dataset_version_replicas WHERE id = $1', [validationVersion]);
    const manifest = JSON.parse(readFileSync(blobs.pathOf(row.manifest_blob_key), 'utf8')) as { shards: { key: string }[] };
    return manifest.shards.flatMap((shard) =>
      readFileSync(blobs.pathOf(shard.key), 'utf8').split('\n').filter((line) => line.trim() !== '').map((line) => (JSON.parse(line) as { text: string }).text),
    );
  }

  it('reports the validation loss at each checkpoint, stops early at the expected step and registers the best checkpoint', async () => {
    const created = await harness.createJob(tenant, {
      kind: 'pretrain',
      datasetVersionId: trainVersion,
      validationDatasetVersionId: validationVersion,
      // No checkpoint can improve on the first by more than 10 nats (a fresh model starts near ln 320 ≈ 5.8): the first
      // sets the reference, the next two use up patience 2, and training ends at step 3 × 6 = 18 of 600.
      earlyStopping: { patience: 2, minDelta: 10 },
      model: { layers: 1, heads: 2, embeddingSize: 32, contextLength: SEQ_LEN, vocabSize: 320 },
      hyperparameters: { steps: 600, batchSize: BATCH, learningRate: 0.005, checkpointEvery: 6, seed: 5 },
    });
    expect(created.status).toBe(201);
    const job = (await harness.finished(tenant, created.body.id)) as JobWithValidation;
    expect(job).toMatchObject({ status: 'succeeded', validationDatasetVersionId: validationVersion, earlyStopping: { patience: 2, minDelta: 10 }, trainedTokens: 18 * BATCH * SEQ_LEN });

    const checkpoints = (await harness.call<List<Checkpoint>>(harness.training, tenant, 'GET', `/v1/training/jobs/${job.id}/checkpoints`)).body.data;
    expect(checkpoints.map((c) => c.step)).toEqual([6, 12, 18]);
    for (const c of checkpoints) expect(c.metrics).toEqual({ step: c.step, train_loss: c.trainLoss, valid_loss: c.validationLoss, full_valid_loss: c.validationLoss });
    const best = checkpoints.reduce((a, b) => (b.validationLoss! < a.validationLoss! ? b : a));
    expect(job.selectedCheckpoint).toMatchObject({ step: best.step, metric: 'validation_loss', value: best.validationLoss, checkpoints: 3, earlyStoppedAtStep: 18 });
    expect(job.selectedCheckpoint!.reason).toMatch(/lowest validation loss .* training stopped early after step 18: validation loss did not improve by more than 10 for 2 checkpoints/);

    const events = (await harness.call<List<Event>>(harness.training, tenant, 'GET', `/v1/training/jobs/${job.id}/events?limit=1000`)).body.data;
    const checkpointEvents = events.filter((e) => e.type === 'checkpoint');
    expect(checkpointEvents.map((e) => e.data!.valid_loss)).toEqual(checkpoints.map((c) => c.validationLoss));
    expect(events.find((e) => e.type === 'checkpoint_selected')!.message).toBe(`registering ${job.selectedCheckpoint!.reason}`);
    expect(events.filter((e) => e.type === 'status').pop()!.message).toMatch(new RegExp(`registered from the checkpoint at step ${best.step}$`));

    // The registered model's loss on the validation documents, computed apart from training from its exported files,
    // equals the validation loss reported for the selected checkpoint.
    const model = (await harness.call<Model>(harness.training, tenant, 'GET', `/v1/models/${job.modelId}`)).body;
    expect(model.metrics.validationLoss).toBe(best.validationLoss);
    const dir = path.join(harness.blobDir, 'registered-model');
    for (const file of model.files) {
      mkdirSync(path.dirname(path.join(dir, file.path)), { recursive: true });
      writeFileSync(path.join(dir, file.path), readFileSync(blobs.pathOf(`${model.artifact.blobKey}/${file.path}`)));
    }
    const independent = await referenceLoss(dir, await validationTexts(), SEQ_LEN, (available) => Math.floor(available / BATCH) * BATCH);
    expect(independent).toBeCloseTo(best.validationLoss!, 4);
  });

  it('keeps its best-so-far and patience across a SIGKILLed worker: it stops where an uninterrupted run would', async () => {
    const created = await harness.createJob(tenant, {
      kind: 'pretrain',
      datasetVersionId: trainVersion,
      validationDatasetVersionId: validationVersion,
      earlyStopping: { patience: 2, minDelta: 10 },
      model: { layers: 2, heads: 2, embeddingSize: 64, contextLength: 64, vocabSize: 320 },
      hyperparameters: { steps: 600, batchSize: 8, learningRate: 0.003, checkpointEvery: 40, seed: 11 },
    });
    await harness.waitForJob(tenant, created.body.id, (job) => (job.progress?.step ?? 0) > 45, 'the job past its first checkpoint');
    await harness.workers[0].kill('SIGKILL');
    const replacement = await harness.addWorker({ TRAINING_JOB_LOCK_MS: '4000' });
    replacement.start();
    await replacement.waitReady();
    const job = (await harness.finished(tenant, created.body.id)) as JobWithValidation;
    const events = (await harness.call<List<Event>>(harness.training, tenant, 'GET', `/v1/training/jobs/${job.id}/events?limit=1000`)).body.data;
    expect(events.find((e) => /picked up again/.test(e.message))?.message).toMatch(/resuming from the checkpoint at step (40|80)/);
    // A restart that forgot the reference (step 40) and the count would have needed two checkpoints more after it.
    const checkpoints = (await harness.call<List<Checkpoint>>(harness.training, tenant, 'GET', `/v1/training/jobs/${job.id}/checkpoints`)).body.data;
    expect(checkpoints.map((c) => c.step)).toEqual([40, 80, 120]);
    const best = checkpoints.reduce((a, b) => (b.validationLoss! < a.validationLoss! ? b : a));
    expect(job).toMatchObject({ status: 'succeeded', trainedTokens: 120 * 8 * 64, selectedCheckpoint: { step: best.step, checkpoints: 3, earlyStoppedAtStep: 120 } });
  });

  it('refuses a validation set it cannot use with a 4xx naming the field, and creates nothing', async () => {
    const otherVersion = await harness.datasetVersion(other, 10_000, 9);
    const before = await harness.trainingRows('SELECT count(*) AS n FROM training_jobs');
    const base = { kind: 'pretrain', datasetVersionId: trainVersion };
    const cases: [object, number, RegExp, Tenant?][] = [
      [{ ...base, validationDatasetVersionId: '00000000-0000-4000-8000-000000000000' }, 404, /validation dataset version .* is not one of yours/],
      [{ kind: 'pretrain', datasetVersionId: otherVersion, validationDatasetVersionId: validationVersion }, 404, /validation dataset version .* is not one of yours/, other],
      [{ ...base, validationDatasetVersionId: trainVersion }, 400, /validationDatasetVersionId: must be another dataset version/],
      [{ ...base, validationDatasetVersionId: 'latest' }, 400, /validationDatasetVersionId/],
      [{ ...base, earlyStopping: { patience: 0 } }, 400, /earlyStopping\.patience/],
      [{ ...base, earlyStopping: { patience: 3, minDelta: -1 } }, 400, /earlyStopping\.minDelta/],
      [{ kind: 'tokenizer', datasetVersionId: trainVersion, validationDatasetVersionId: validationVersion }, 400, /a tokenizer job has no checkpoints/],
    ];
    for (const [body, status, message, who] of cases) {
      const reply = await harness.createJob(who ?? tenant, body);
      expect({ body, status: reply.status }).toEqual({ body, status });
      expect(JSON.stringify(reply.body.message)).toMatch(message);
    }
    expect(await harness.trainingRows('SELECT count(*) AS n FROM training_jobs')).toEqual(before);
  });
});
