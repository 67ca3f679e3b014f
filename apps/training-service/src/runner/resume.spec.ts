import { sessionCache } from '@llmchain/model-runtime';
import path from 'node:path';
import { resolveTrainingSettings } from '../settings';
import { runTrainingJob } from './run-training-job';
import { sentenceDocuments, temporaryStore, writeDataset } from './testing/dataset-fixture';
import { RecordingHooks } from './testing/recording-hooks';
import { TrainingJobSpec } from './training-job';

const settings = resolveTrainingSettings(
  {
    kind: 'pretrain',
    model: { layers: 2, heads: 2, embeddingSize: 16, contextLength: 16, vocabSize: 300 },
    hyperparameters: { steps: 14, batchSize: 4, checkpointEvery: 4, learningRate: 0.01, warmupSteps: 3 },
  },
  { datasetEstimatedTokens: 20_000, memoryBudgetBytes: 2 ** 30, maxSteps: 1000 },
);

describe('a resumed training job', () => {
  const store = temporaryStore();
  afterAll(() => {
    sessionCache.clear();
    store.remove();
  });

  it('ends with exactly the weights of an uninterrupted run', async () => {
    const dataset = await writeDataset(store.blobs, 'tenants/t1/dataset-versions/v1', 'documents', [sentenceDocuments(60)]);
    const spec = (jobId: string): TrainingJobSpec => ({
      kind: 'pretrain',
      jobId,
      tenantId: 't1',
      settings,
      dataset,
      workDir: path.join(store.workDir, jobId),
      outputPrefix: `tenants/t1/training-jobs/${jobId}`,
    });

    const straight = await runTrainingJob(spec('a'), new RecordingHooks(), store.blobs);

    // Job b stops right after its second checkpoint (step 8), as a crash would leave it; a restart resumes there.
    const first = new RecordingHooks({ stopWhen: (hooks) => hooks.checkpoints.length === 2 });
    const stopped = await runTrainingJob(spec('b'), first, store.blobs);
    expect(stopped).toMatchObject({ cancelled: true, trainedTokens: 8 * 4 * 16 });
    expect(await store.blobs.list('tenants/t1/training-jobs/b/model')).toEqual([]);
    const restarted = new RecordingHooks({ resumeFrom: first.checkpoints });
    const resumed = await runTrainingJob(spec('b'), restarted, store.blobs);

    expect(resumed.cancelled).toBe(false);
    // It trained only steps 9 to 14: the weights, Adam moments, sampler and schedule all came from the checkpoint.
    expect(restarted.stopChecks).toBe(14 - 8);
    expect(resumed.trainedTokens).toBe(straight.trainedTokens);
    expect(restarted.checkpoints.map((c) => c.step)).toEqual([4, 8, 12, 14]);
    const weights = (result: typeof straight) => result.model!.files.find((f) => f.path === 'model.safetensors')!.sha256;
    expect(weights(resumed)).toBe(weights(straight));
    expect(resumed.model!.metrics).toEqual(straight.model!.metrics);
    expect(resumed.model!.artifactSha256).toBe(straight.model!.artifactSha256);
    // The restart reused the tokenizer job b had trained instead of training another.
    expect(resumed.tokenizer).toEqual(stopped.tokenizer);
  });
});
