import { sessionCache } from '@llmchain/model-runtime';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { resolveTrainingSettings } from '../settings';
import { readBlob } from './blob-files';
import { CheckpointSelection } from './checkpoint-selection';
import { runTrainingJob } from './run-training-job';
import { sentenceDocuments, temporaryStore, writeDataset } from './testing/dataset-fixture';
import { RecordingHooks } from './testing/recording-hooks';
import { referenceLoss } from './testing/reference-loss';
import { CheckpointRecord, TrainingJobResult, TrainingJobSpec } from './training-job';

const record = (step: number, validationLoss: number): CheckpointRecord => ({ step, trainLoss: 9, valLoss: 9, validationLoss, blobKey: `k${step}`, sha256: 's' });

describe('CheckpointSelection', () => {
  it('stops after `patience` checkpoints without a gain above minDelta and keeps the lowest loss', () => {
    const selection = CheckpointSelection.forJob(true, { patience: 2, minDelta: 0.1 });
    // 3.0 → 2.5 improves by 0.5; 2.45 gains 0.05 (within minDelta: lower, so the better model, but not progress);
    // 2.6 is the second checkpoint without progress: stop there.
    const losses = [3.0, 2.5, 2.45, 2.6, 2.0];
    for (const [i, loss] of losses.entries()) {
      if (selection.shouldStop) break;
      selection.observe(record((i + 1) * 10, loss));
    }
    expect(selection.selected()).toMatchObject({ step: 30, metric: 'validation_loss', value: 2.45, checkpoints: 4, earlyStoppedAtStep: 40 });
    expect(selection.selected().reason).toBe(
      'the checkpoint at step 30 has the lowest validation loss (2.4500) of the 4 checkpoints; training stopped early after step 40: validation loss did not improve by more than 0.1 for 2 checkpoints',
    );
  });

  it('on an eval metric keeps the highest score and stops when it stops rising by more than minDelta', () => {
    const selection = CheckpointSelection.forJob(true, { patience: 2, minDelta: 0.05, eval: { testingCriteria: 'mc', score: 'pass_rate' } });
    // 0.3 → 0.5 improves; 0.52 gains 0.02 (the better model, not progress); 0.4 is the second without progress: stop.
    for (const [i, evalScore] of [0.3, 0.5, 0.52, 0.4, 0.9].entries()) {
      if (selection.shouldStop) break;
      selection.observe({ ...record((i + 1) * 10, 1), evalScore });
    }
    expect(selection.selected()).toMatchObject({ step: 30, metric: 'eval_score', value: 0.52, checkpoints: 4, earlyStoppedAtStep: 40 });
    expect(selection.selected().reason).toBe(
      'the checkpoint at step 30 has the highest mc pass rate (0.5200) of the 4 checkpoints; training stopped early after step 40: mc pass rate did not improve by more than 0.05 for 2 checkpoints',
    );
    expect(() => selection.observe(record(50, 1))).toThrow(/checkpoint at step 50 has no finite mc pass rate/);
  });

  it('without early stopping never stops and without a validation set selects by held-out loss', () => {
    const selection = CheckpointSelection.forJob(false);
    for (const [i, valLoss] of [5, 4, 4.5, 4.7, 4.9].entries()) selection.observe({ ...record(i + 1, Number.NaN), valLoss, validationLoss: null });
    expect(selection.shouldStop).toBe(false);
    expect(selection.selected()).toMatchObject({ step: 2, metric: 'held_out_loss', value: 4, earlyStoppedAtStep: null });
  });
});

describe('a training job with a validation set and early stopping', () => {
  const store = temporaryStore();
  const seqLen = 16;
  const batchSize = 4;
  const forward = sentenceDocuments(60);
  // The constructed case: a model pretrained on sentences is fine-tuned on the same sentences written backwards, at a
  // rate that makes it forget, and validated on forward sentences: every checkpoint after the first scores forward text
  // worse than the first, while the training loss falls. With patience 2 training stops at step 12 (4 sets the reference,
  // 8 and 12 fail to beat it) and the model registered is the checkpoint at step 4, not the last.
  const validationTexts = sentenceDocuments(30, 7).slice(10).map((d) => d.text);
  let spec: (jobId: string) => TrainingJobSpec;

  beforeAll(async () => {
    const pretrainData = await writeDataset(store.blobs, 'tenants/t1/dataset-versions/forward', 'documents', [forward]);
    const reversed = await writeDataset(store.blobs, 'tenants/t1/dataset-versions/reversed', 'documents', [forward.map(({ text }) => ({ text: [...text].reverse().join('') }))]);
    const validation = await writeDataset(store.blobs, 'tenants/t1/dataset-versions/valid', 'documents', [validationTexts.map((text) => ({ text }))]);
    const context = { datasetEstimatedTokens: 20_000, memoryBudgetBytes: 2 ** 30, maxSteps: 1000 };
    const pretrainSettings = resolveTrainingSettings(
      { kind: 'pretrain', model: { layers: 1, heads: 2, embeddingSize: 16, contextLength: seqLen, vocabSize: 300 }, hyperparameters: { steps: 40, batchSize, checkpointEvery: 40, learningRate: 0.01 } },
      context,
    );
    const base = (
      await runTrainingJob(
        { kind: 'pretrain', jobId: 'base', tenantId: 't1', settings: pretrainSettings, dataset: pretrainData, workDir: path.join(store.workDir, 'base'), outputPrefix: 'tenants/t1/training-jobs/base' },
        new RecordingHooks(),
        store.blobs,
      )
    ).model!;
    const settings = resolveTrainingSettings(
      { kind: 'finetune', hyperparameters: { steps: 40, batchSize, checkpointEvery: 4, learningRate: 0.003, warmupSteps: 0 } },
      { ...context, baseModel: { model: { architecture: 'gpt2', config: base.config }, tokenizerVocabSize: 300 } },
    );
    spec = (jobId) => ({
      kind: 'finetune',
      jobId,
      tenantId: 't1',
      settings,
      dataset: reversed,
      validation,
      earlyStopping: { patience: 2, minDelta: 0 },
      baseModel: { weightsBlobKey: base.weightsBlobKey, tokenizerBlobKey: base.tokenizerBlobKey },
      workDir: path.join(store.workDir, jobId),
      outputPrefix: `tenants/t1/training-jobs/${jobId}`,
    });
  });
  afterAll(() => {
    sessionCache.clear();
    store.remove();
  });

  async function modelDir(result: TrainingJobResult, name: string): Promise<string> {
    const dir = path.join(store.workDir, name);
    for (const file of result.model!.files) {
      mkdirSync(path.dirname(path.join(dir, file.path)), { recursive: true });
      writeFileSync(path.join(dir, file.path), await readBlob(store.blobs, `${result.model!.artifactBlobKey}/${file.path}`));
    }
    return dir;
  }

  it('stops at the expected step, registers the best checkpoint, and reports validation losses the exported model reproduces', async () => {
    const hooks = new RecordingHooks();
    const result = await runTrainingJob(spec('es'), hooks, store.blobs);
    expect(hooks.checkpoints.map((c) => c.step)).toEqual([4, 8, 12]);
    expect(result.trainedTokens).toBe(12 * batchSize * seqLen);
    expect(hooks.progressReports[hooks.progressReports.length - 1]).toMatchObject({ step: 12, totalSteps: 40 });
    const [best, , last] = hooks.checkpoints;
    // Forgetting: every later checkpoint scores forward text worse than the first, while the training loss falls.
    for (const later of hooks.checkpoints.slice(1)) expect(later.validationLoss!).toBeGreaterThan(best.validationLoss!);
    expect(last.trainLoss).toBeLessThan(best.trainLoss);
    expect(result.selectedCheckpoint).toMatchObject({ step: 4, metric: 'validation_loss', value: best.validationLoss, checkpoints: 3, earlyStoppedAtStep: 12 });
    expect(result.model!.metrics).toEqual({ trainLoss: best.trainLoss, valLoss: best.valLoss, valPerplexity: Math.exp(best.valLoss), validationLoss: best.validationLoss });

    // The exported weights are the selected checkpoint's: their loss on the validation documents, computed apart
    // from training, equals the loss recorded for that checkpoint (evaluation batches of 4 windows, whole batches only).
    const independent = await referenceLoss(await modelDir(result, 'es-model'), validationTexts, seqLen, (available) => Math.floor(available / batchSize) * batchSize);
    expect(independent).toBeCloseTo(best.validationLoss!, 4);
    expect(Math.abs(independent - last.validationLoss!)).toBeGreaterThan(0.01);
  });

  it('keeps its best-so-far and patience count across a restart', async () => {
    const straight = await runTrainingJob(spec('straight'), new RecordingHooks(), store.blobs);
    // Stopped right after the checkpoint at step 8, as a SIGKILL would leave it: the restart reads both recorded checkpoints.
    const first = new RecordingHooks({ stopWhen: (hooks) => hooks.checkpoints.length === 2 });
    expect(await runTrainingJob(spec('killed'), first, store.blobs)).toMatchObject({ cancelled: true });
    const restarted = new RecordingHooks({ resumeFrom: first.checkpoints });
    const resumed = await runTrainingJob(spec('killed'), restarted, store.blobs);
    // One checkpoint more (step 12) was enough: the restart did not start counting patience afresh.
    expect(restarted.checkpoints.map((c) => c.step)).toEqual([4, 8, 12]);
    expect(resumed.selectedCheckpoint).toEqual(straight.selectedCheckpoint);
    const weights = (r: TrainingJobResult) => r.model!.files.find((f) => f.path === 'model.safetensors')!.sha256;
    expect(weights(resumed)).toBe(weights(straight));
  });

  it('refuses a validation set too short for one evaluation batch', async () => {
    const tiny = await writeDataset(store.blobs, 'tenants/t1/dataset-versions/tiny', 'documents', [[{ text: 'the cat sees the river.' }]]);
    await expect(runTrainingJob({ ...spec('tiny'), validation: tiny }, new RecordingHooks(), store.blobs)).rejects.toMatchObject({
      code: 'dataset_too_small',
      message: expect.stringMatching(/^the validation dataset tokenizes to \d+ tokens; scoring it needs at least 65 \(4 windows of 17\)/),
    });
  });
});
