import { InferenceModel, loadWeights, sessionCache } from '@llmchain/model-runtime';
import { Tokenizer } from '@llmchain/tokenizer';
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { resolveTrainingSettings, TrainingSettingsRequest } from '../settings';
import { readBlob } from './blob-files';
import { artifactSha256 } from './model-artifact';
import { runTrainingJob } from './run-training-job';
import { sentenceDocuments, temporaryStore, writeDataset } from './testing/dataset-fixture';
import { RecordingHooks } from './testing/recording-hooks';
import { TrainingJobError, TrainingJobResult, TrainingJobSpec } from './training-job';

const MIB = 2 ** 20;
const TINY_MODEL = { layers: 1, heads: 2, embeddingSize: 16, contextLength: 16, vocabSize: 300 };

function settingsFor(request: TrainingSettingsRequest, extra: Partial<Parameters<typeof resolveTrainingSettings>[1]> = {}) {
  return resolveTrainingSettings(request, { datasetEstimatedTokens: 20_000, memoryBudgetBytes: 1024 * MIB, maxSteps: 1000, ...extra });
}

/** Copies the files under the artifact key into a directory, stripping the prefix, as serving's ModelDirectorySource does. */
async function materialize(store: ReturnType<typeof temporaryStore>, artifactKey: string, dir: string): Promise<string[]> {
  const keys = await store.blobs.list(artifactKey);
  for (const key of keys) {
    const file = path.join(dir, key.slice(artifactKey.length + 1));
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, await readBlob(store.blobs, key));
  }
  return keys.map((key) => key.slice(artifactKey.length + 1));
}

describe('runTrainingJob', () => {
  const store = temporaryStore();
  let documents: { manifestBlobKey: string; manifestSha256: string };
  let pretrained: TrainingJobResult;
  const pretrainSpec = (jobId: string, settings = settingsFor({ kind: 'pretrain', model: TINY_MODEL, hyperparameters: { steps: 12, batchSize: 4, checkpointEvery: 5, learningRate: 0.01 } })): TrainingJobSpec => ({
    kind: 'pretrain',
    jobId,
    tenantId: 't1',
    settings,
    dataset: documents,
    workDir: path.join(store.workDir, jobId),
    outputPrefix: `tenants/t1/training-jobs/${jobId}`,
  });

  beforeAll(async () => {
    documents = await writeDataset(store.blobs, 'tenants/t1/dataset-versions/docs', 'documents', [sentenceDocuments(40), sentenceDocuments(40)]);
  });
  afterAll(() => {
    sessionCache.clear();
    store.remove();
  });

  it('trains a tokenizer on the dataset and commits its files', async () => {
    const hooks = new RecordingHooks();
    const spec: TrainingJobSpec = { ...pretrainSpec('tok'), kind: 'tokenizer', settings: settingsFor({ kind: 'tokenizer', model: { vocabSize: 300 } }) };
    const result = await runTrainingJob(spec, hooks, store.blobs);
    expect(result).toEqual({ tokenizer: { blobKey: 'tenants/t1/training-jobs/tok/tokenizer/tokenizer.json', sha256: expect.any(String), trained: true }, trainedTokens: 0, cancelled: false });
    expect(await store.blobs.list('tenants/t1/training-jobs/tok')).toEqual([
      'tenants/t1/training-jobs/tok/tokenizer/tokenizer.json',
      'tenants/t1/training-jobs/tok/tokenizer/tokenizer_config.json',
    ]);
    const bytes = await readBlob(store.blobs, result.tokenizer.blobKey);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(result.tokenizer.sha256);
    const tokenizer = Tokenizer.fromTokenizerJson(JSON.parse(bytes.toString('utf8')));
    expect(tokenizer.vocabSize).toBe(300);
    expect(tokenizer.decode(tokenizer.encode('the cat sees the river.'))).toBe('the cat sees the river.');
    expect(tokenizer.encode('the cat sees the river.').length).toBeLessThan(10);
    expect(hooks.phases).toEqual(['tokenizer']);
  });

  it('pretrains a model with checkpoints and exports a directory serving loads', async () => {
    const hooks = new RecordingHooks();
    const spec = pretrainSpec('pre');
    pretrained = await runTrainingJob(spec, hooks, store.blobs);
    const model = pretrained.model!;
    expect(pretrained.cancelled).toBe(false);
    expect(pretrained.tokenizer).toMatchObject({ blobKey: 'tenants/t1/training-jobs/pre/tokenizer/tokenizer.json', trained: true });
    expect(pretrained.trainedTokens).toBe(12 * 4 * 16);
    expect(hooks.phases).toEqual(['tokenizer', 'tokenizing', 'training', 'evaluating', 'exporting']);
    expect(hooks.checkpoints.map((c) => c.step)).toEqual([5, 10, 12]);
    for (const checkpoint of hooks.checkpoints) {
      expect(checkpoint.blobKey).toBe(`tenants/t1/training-jobs/pre/checkpoints/step-${String(checkpoint.step).padStart(8, '0')}.safetensors`);
      expect(createHash('sha256').update(await readBlob(store.blobs, checkpoint.blobKey)).digest('hex')).toBe(checkpoint.sha256);
      expect(Number.isFinite(checkpoint.trainLoss) && Number.isFinite(checkpoint.valLoss)).toBe(true);
    }
    expect(hooks.checkpoints[2].valLoss).toBeLessThan(Math.log(300));
    expect(hooks.progressReports[hooks.progressReports.length - 1]).toMatchObject({ step: 12, totalSteps: 12, trainedTokens: 12 * 64, etaSeconds: 0 });
    expect(model.metrics).toEqual({ trainLoss: hooks.checkpoints[2].trainLoss, valLoss: hooks.checkpoints[2].valLoss, valPerplexity: Math.exp(hooks.checkpoints[2].valLoss), validationLoss: null });
    // Without a validation set the held-out loss picks the checkpoint; here the last one is also the lowest.
    expect(Math.min(...hooks.checkpoints.map((c) => c.valLoss))).toBe(hooks.checkpoints[2].valLoss);
    expect(pretrained.selectedCheckpoint).toMatchObject({ step: 12, metric: 'held_out_loss', checkpoints: 3, earlyStoppedAtStep: null });
    expect(model.config).toMatchObject({ nLayer: 1, nHead: 2, nEmbd: 16, contextLength: 16, vocabSize: 300 });

    expect(model.artifactBlobKey).toBe('tenants/t1/training-jobs/pre/model');
    expect(model.weightsBlobKey).toBe('tenants/t1/training-jobs/pre/model/model.safetensors');
    expect(model.tokenizerBlobKey).toBe('tenants/t1/training-jobs/pre/model/tokenizer.json');
    const dir = path.join(store.workDir, 'served-pre');
    const paths = await materialize(store, model.artifactBlobKey, dir);
    expect(paths).toEqual(model.files.map((f) => f.path));
    expect(paths).toEqual([
      'config.json', 'generation_config.json', 'model.safetensors',
      'onnx/decoder_step.onnx', 'onnx/decoder_step_quantized.onnx', 'onnx/model.onnx', 'onnx/model_quantized.onnx',
      'tokenizer.json', 'tokenizer_config.json',
    ]);
    for (const file of model.files) {
      expect(createHash('sha256').update(await readBlob(store.blobs, `${model.artifactBlobKey}/${file.path}`)).digest('hex')).toBe(file.sha256);
    }
    const lines = model.files.map((f) => `${f.path} ${f.sha256}\n`).join('');
    expect(model.artifactSha256).toBe(createHash('sha256').update(lines).digest('hex'));
    expect(artifactSha256([...model.files].reverse())).toBe(model.artifactSha256);

    const [inference, tokenizer] = await Promise.all([InferenceModel.load(dir), Tokenizer.load(dir)]);
    expect(inference.shape).toMatchObject({ vocabSize: 300, contextLength: 16 });
    expect(inference.tokens.eosTokenId).toBe(tokenizer.eosTokenId);
    expect(tokenizer.settings.modelMaxLength).toBe(16);
    expect(loadWeights(path.join(dir, 'model.safetensors')).config).toMatchObject({ nEmbd: 16, vocabSize: 300 });
  });

  it('fine-tunes the pretrained model on prompt-completion records with its tokenizer', async () => {
    const records = sentenceDocuments(60, 1).map(({ text }) => {
      const [subject, ...rest] = text.split(' ');
      return { prompt: `Q: who acts? ${rest.join(' ')}\nA:`, completion: ` ${subject}` };
    });
    const dataset = await writeDataset(store.blobs, 'tenants/t1/dataset-versions/pc', 'prompt-completion', [records]);
    const base = pretrained.model!;
    const settings = settingsFor(
      { kind: 'finetune', hyperparameters: { steps: 10, batchSize: 4, checkpointEvery: 2, learningRate: 0.01, warmupSteps: 0 } },
      { datasetFormat: 'prompt-completion', baseModel: { model: { architecture: 'gpt2', config: base.config }, tokenizerVocabSize: 300 } },
    );
    const hooks = new RecordingHooks();
    const result = await runTrainingJob(
      { ...pretrainSpec('ft', settings), kind: 'finetune', dataset, baseModel: { weightsBlobKey: base.weightsBlobKey, tokenizerBlobKey: base.tokenizerBlobKey } },
      hooks,
      store.blobs,
    );
    expect(result.tokenizer).toEqual({ blobKey: base.tokenizerBlobKey, sha256: base.files.find((f) => f.path === 'tokenizer.json')!.sha256, trained: false });
    expect(result.model!.config).toEqual(base.config);
    expect(await store.blobs.list('tenants/t1/training-jobs/ft/tokenizer')).toEqual([]);
    const valLosses = hooks.checkpoints.map((c) => c.valLoss);
    expect(valLosses[valLosses.length - 1]).toBeLessThan(valLosses[0]);
    const weights = (key: string) => readBlob(store.blobs, key);
    expect((await weights(result.model!.weightsBlobKey)).equals(await weights(base.weightsBlobKey))).toBe(false);
  });

  it('fine-tunes on chat records in the ChatML format serving renders', async () => {
    const conversations = sentenceDocuments(30, 1).map(({ text }) => ({
      messages: [{ role: 'user', content: 'Tell me something.' }, { role: 'assistant', content: text }],
    }));
    const dataset = await writeDataset(store.blobs, 'tenants/t1/dataset-versions/chat', 'chat', [conversations]);
    const base = pretrained.model!;
    const settings = settingsFor({ kind: 'finetune', hyperparameters: { steps: 3, batchSize: 2 } }, { datasetFormat: 'chat', baseModel: { model: { architecture: 'gpt2', config: base.config }, tokenizerVocabSize: 300 } });
    const result = await runTrainingJob(
      { ...pretrainSpec('chat', settings), kind: 'finetune', dataset, baseModel: { weightsBlobKey: base.weightsBlobKey, tokenizerBlobKey: base.tokenizerBlobKey } },
      new RecordingHooks(),
      store.blobs,
    );
    expect(result.trainedTokens).toBe(3 * 2 * 16);
    expect(result.model!.files.map((f) => f.path)).toContain('onnx/decoder_step_quantized.onnx');
  });

  it('pretrains with a tokenizer it is given, within a token limit', async () => {
    const hooks = new RecordingHooks();
    const settings = settingsFor({ kind: 'pretrain', model: TINY_MODEL, hyperparameters: { steps: 2, batchSize: 2 } }, { tokenizer: { vocabSize: 300 } });
    const result = await runTrainingJob(
      { ...pretrainSpec('reuse', settings), tokenizer: { blobKey: 'tenants/t1/training-jobs/tok/tokenizer/tokenizer.json' }, limits: { maxDatasetTokens: 500 } },
      hooks,
      store.blobs,
    );
    expect(result.tokenizer).toMatchObject({ blobKey: 'tenants/t1/training-jobs/tok/tokenizer/tokenizer.json', trained: false });
    expect(await store.blobs.list('tenants/t1/training-jobs/reuse/tokenizer')).toEqual([]);
    expect(hooks.warnings).toEqual(['the dataset has more than 500 tokens: training uses the first 500']);
  });

  it('stops between steps when cancelled, keeping its checkpoints and exporting nothing', async () => {
    const hooks = new RecordingHooks({ stopWhen: (h) => h.stopChecks > 3 });
    const result = await runTrainingJob(pretrainSpec('cancel', settingsFor({ kind: 'pretrain', model: TINY_MODEL, hyperparameters: { steps: 12, batchSize: 4, checkpointEvery: 2 } })), hooks, store.blobs);
    expect(result).toEqual({ tokenizer: expect.objectContaining({ trained: true }), trainedTokens: 3 * 4 * 16, cancelled: true });
    expect(hooks.checkpoints.map((c) => c.step)).toEqual([2]);
    expect(await store.blobs.list('tenants/t1/training-jobs/cancel/checkpoints')).toEqual([hooks.checkpoints[0].blobKey]);
    expect(await store.blobs.list('tenants/t1/training-jobs/cancel/model')).toEqual([]);
    expect(hooks.phases).not.toContain('exporting');
  });

  async function jobError(spec: TrainingJobSpec): Promise<TrainingJobError> {
    const error = await runTrainingJob(spec, new RecordingHooks(), store.blobs).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TrainingJobError);
    return error as TrainingJobError;
  }

  it('refuses a dataset whose manifest does not match its recorded checksum, writing nothing', async () => {
    const error = await jobError({ ...pretrainSpec('badsum'), dataset: { ...documents, manifestSha256: '0'.repeat(64) } });
    expect(error.code).toBe('dataset_integrity');
    expect(error.message).toMatch(/dataset manifest tenants\/t1\/dataset-versions\/docs\/manifest\.json has SHA-256 [0-9a-f]{64}, not the 0{64} recorded for this dataset version/);
    expect(await store.blobs.list('tenants/t1/training-jobs/badsum')).toEqual([]);
  });

  it('refuses a shard altered after the version was published', async () => {
    const dataset = await writeDataset(store.blobs, 'tenants/t1/dataset-versions/altered', 'documents', [sentenceDocuments(5)]);
    writeFileSync(store.blobs.pathOf(dataset.manifest.shards[0].key), `${JSON.stringify({ text: 'something else' })}\n`);
    const error = await jobError({ ...pretrainSpec('altered'), dataset });
    expect(error.code).toBe('dataset_integrity');
    expect(error.message).toMatch(/dataset shard tenants\/t1\/dataset-versions\/altered\/shard-00000\.jsonl has \d+ bytes with SHA-256 .* the shard was altered or replaced/);
  });

  it('names a malformed record by shard and line', async () => {
    const dataset = await writeDataset(store.blobs, 'tenants/t1/dataset-versions/malformed', 'prompt-completion', [[{ prompt: 'a', completion: 'b' }, { prompt: 'c' }]]);
    const error = await jobError({ ...pretrainSpec('malformed', settingsFor({ kind: 'tokenizer' })), kind: 'tokenizer', dataset });
    expect(error.code).toBe('dataset_format');
    expect(error.message).toBe('dataset shard tenants/t1/dataset-versions/malformed/shard-00000.jsonl line 2 is not a prompt-completion record {"prompt": string, "completion": string}');
  });

  it('refuses a spec whose parts do not go together', async () => {
    const tokenizerSettings = settingsFor({ kind: 'tokenizer' });
    expect((await jobError({ ...pretrainSpec('spec'), settings: tokenizerSettings })).message).toBe('the job is a pretrain job but its settings were resolved for tokenizer');
    expect((await jobError({ ...pretrainSpec('spec'), kind: 'tokenizer', settings: tokenizerSettings, tokenizer: { blobKey: 'k' } })).code).toBe('invalid_spec');
    expect((await jobError({ ...pretrainSpec('spec'), baseModel: { weightsBlobKey: 'w', tokenizerBlobKey: 't' } })).message).toBe('a pretrain job takes no baseModel');
  });

  it('fails at once when the loss diverges, naming the step and the loss, before any checkpoint or export', async () => {
    const settings = settingsFor({ kind: 'pretrain', model: TINY_MODEL, hyperparameters: { steps: 40, batchSize: 4, checkpointEvery: 20, learningRate: 1, warmupSteps: 0 } });
    const error = await jobError({ ...pretrainSpec('diverged', settings), tokenizer: { blobKey: 'tenants/t1/training-jobs/tok/tokenizer/tokenizer.json' } });
    expect(error.code).toBe('training_diverged');
    const [, step, loss] = /^training diverged at step (\d+) \(loss ([\d.]+) above [\d.]+, 3× (?:a uniform guess|the first step)'s\): lower hyperparameters\.learningRate$/.exec(error.message)!;
    // A uniform guess over the 300-token vocabulary scores ln 300; a diverged model scores far worse.
    expect(Number(loss)).toBeGreaterThan(3 * Math.log(300));
    expect(Number(step)).toBeLessThan(20);
    expect(await store.blobs.list('tenants/t1/training-jobs/diverged')).toEqual([]);
  });

  it('refuses a dataset too small to hold out a window', async () => {
    const dataset = await writeDataset(store.blobs, 'tenants/t1/dataset-versions/small', 'documents', [[{ text: 'the cat sees the river.' }]]);
    const error = await jobError({ ...pretrainSpec('small'), tokenizer: { blobKey: 'tenants/t1/training-jobs/tok/tokenizer/tokenizer.json' }, dataset });
    expect(error.code).toBe('dataset_too_small');
    expect(error.message).toMatch(/the dataset tokenizes to \d+ tokens; training with a context of 16 needs at least 34/);
  });
});

