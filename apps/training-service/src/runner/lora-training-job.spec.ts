import { readModelConfig, readPeftAdapter, sessionCache, Trainer } from '@llmchain/model-runtime';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { LoraJobSettings, resolveTrainingSettings } from '../settings';
import { readBlob, uploadFile } from './blob-files';
import { runTrainingJob } from './run-training-job';
import { sentenceDocuments, temporaryStore, writeDataset } from './testing/dataset-fixture';
import { RecordingHooks } from './testing/recording-hooks';
import { TrainingJobSpec } from './training-job';

/** The committed Llama fixture (transformers' LlamaForCausalLM, BF16 weights, Llama 3 chat template) as the frozen base. */
const LLAMA = path.join(__dirname, '../../../../libs/model-runtime/src/__fixtures__/hf/llama');
const BASE_PREFIX = 'tenants/t1/models/llama-base';

const conversations = (count: number) =>
  sentenceDocuments(count, 1).map(({ text }) => ({
    messages: [
      { role: 'user', content: 'Tell me something.' },
      { role: 'assistant', content: text },
    ],
  }));

describe('a LoRA training job', () => {
  const store = temporaryStore();
  const base = readModelConfig(LLAMA).model;
  const settings = resolveTrainingSettings(
    {
      kind: 'finetune',
      adapter: { type: 'lora', rank: 4, alpha: 8, dropout: 0 },
      model: { contextLength: 32 },
      method: { type: 'supervised', supervised: { hyperparameters: { steps: 10, batchSize: 2, checkpointEvery: 4, learningRate: 0.02, warmupSteps: 0 } } },
    },
    { datasetEstimatedTokens: 20_000, datasetFormat: 'chat', memoryBudgetBytes: 2 ** 30, maxSteps: 1000, baseModel: { model: base, tokenizerVocabSize: base.config.vocabSize } },
  ) as LoraJobSettings;
  let dataset: { manifestBlobKey: string; manifestSha256: string };
  const spec = (jobId: string): TrainingJobSpec => ({
    kind: 'finetune',
    jobId,
    tenantId: 't1',
    settings,
    dataset,
    baseModel: { weightsBlobKey: `${BASE_PREFIX}/model.safetensors`, tokenizerBlobKey: `${BASE_PREFIX}/tokenizer.json`, name: 'llama-base' },
    workDir: path.join(store.workDir, jobId),
    outputPrefix: `tenants/t1/training-jobs/${jobId}`,
  });

  beforeAll(async () => {
    for (const file of ['model.safetensors', 'tokenizer.json', 'tokenizer_config.json']) await uploadFile(store.blobs, path.join(LLAMA, file), `${BASE_PREFIX}/${file}`);
    dataset = await writeDataset(store.blobs, 'tenants/t1/dataset-versions/chat', 'chat', [conversations(40)]);
  });
  afterAll(() => {
    sessionCache.clear();
    store.remove();
  });

  it('trains only the adapter on the frozen base, exports PEFT files, and resumes to the same adapter', async () => {
    const straightHooks = new RecordingHooks();
    // The frozen base is never copied whole (a 0.5B base is 2 GB in fp32): evaluation reads the trainer's tensors.
    const copies = jest.spyOn(Trainer.prototype, 'currentParams');
    let copied = -1;
    const straight = await runTrainingJob(spec('a'), straightHooks, store.blobs).finally(() => {
      copied = copies.mock.calls.length;
      copies.mockRestore();
    });
    expect(copied).toBe(0);
    // Each checkpoint holds the adapter and its Adam moments, none of the base: 28 lora_A/B tensors × 3, and a
    // fraction of the base's own file.
    const baseBytes = statSync(path.join(LLAMA, 'model.safetensors')).size;
    for (const checkpoint of straightHooks.checkpoints) {
      const bytes = await readBlob(store.blobs, checkpoint.blobKey);
      const header = JSON.parse(bytes.subarray(8, 8 + Number(bytes.readBigUInt64LE(0))).toString('utf8'));
      const names = Object.keys(header).filter((name) => name !== '__metadata__');
      expect(names).toHaveLength(2 * 7 * 2 * 3);
      expect(names.every((name) => /lora_[AB]/.test(name))).toBe(true);
      expect(bytes.length).toBeLessThan(baseBytes / 2);
    }
    expect(straight.model).toBeUndefined();
    expect(straight.trainedTokens).toBe(10 * 2 * 32);
    // The base's own tokenizer, not one trained on the dataset.
    expect(straight.tokenizer).toMatchObject({ blobKey: `${BASE_PREFIX}/tokenizer.json`, trained: false });
    const adapter = straight.adapter!;
    expect(adapter.files.map((f) => f.path)).toEqual(['adapter_config.json', 'adapter_model.safetensors']);
    expect(adapter.weightsBlobKey).toBe('tenants/t1/training-jobs/a/adapter/adapter_model.safetensors');
    const losses = straightHooks.checkpoints.map((c) => c.valLoss);
    expect(losses[losses.length - 1]).toBeLessThan(losses[0]);

    // What PEFT reads: adapter_config.json's fields by PEFT's names, and lora_A/lora_B under PEFT's tensor names.
    const dir = path.join(store.workDir, 'a-adapter');
    mkdirSync(dir, { recursive: true });
    for (const file of adapter.files) writeFileSync(path.join(dir, file.path), await readBlob(store.blobs, `${adapter.artifactBlobKey}/${file.path}`));
    const config = JSON.parse(readFileSync(path.join(dir, 'adapter_config.json'), 'utf8'));
    expect(config).toMatchObject({ peft_type: 'LORA', task_type: 'CAUSAL_LM', r: 4, lora_alpha: 8, base_model_name_or_path: 'llama-base' });
    expect([...config.target_modules].sort()).toEqual(['down_proj', 'gate_proj', 'k_proj', 'o_proj', 'q_proj', 'up_proj', 'v_proj']);
    const peft = readPeftAdapter(dir);
    expect(peft.weights.size).toBe(2 * 7 * 2);
    const qB = peft.weights.get('base_model.model.model.layers.0.self_attn.q_proj.lora_B.weight')!;
    expect(qB.shape).toEqual([64, 4]);
    // B starts at zero (PEFT's init); training moved it.
    expect(qB.data.some((v) => v !== 0)).toBe(true);

    // Job b stops after its first checkpoint (step 4), as a crash would leave it; its restart resumes there.
    const first = new RecordingHooks({ stopWhen: (hooks) => hooks.checkpoints.length === 1 });
    expect(await runTrainingJob(spec('b'), first, store.blobs)).toMatchObject({ cancelled: true, trainedTokens: 4 * 2 * 32 });
    const restarted = new RecordingHooks({ resumeFrom: first.checkpoints });
    const resumed = await runTrainingJob(spec('b'), restarted, store.blobs);
    expect(restarted.stopChecks).toBe(10 - 4);
    const weights = (result: typeof straight) => result.adapter!.files.find((f) => f.path === 'adapter_model.safetensors')!.sha256;
    expect(weights(resumed)).toBe(weights(straight));
    expect(resumed.adapter!.metrics).toEqual(adapter.metrics);
  }, 120_000);

  it('scores a validation set at each checkpoint, stops early and exports the adapter of the selected checkpoint', async () => {
    const validation = await writeDataset(store.blobs, 'tenants/t1/dataset-versions/chat-valid', 'chat', [conversations(60).slice(40)]);
    const hooks = new RecordingHooks();
    // A gain above 100 nats never happens: step 4 stays the reference and patience 1 ends training at step 8.
    const result = await runTrainingJob({ ...spec('es'), validation, earlyStopping: { patience: 1, minDelta: 100 } }, hooks, store.blobs);
    expect(hooks.checkpoints.map((c) => c.step)).toEqual([4, 8]);
    expect(result.trainedTokens).toBe(8 * 2 * 32);
    const best = hooks.checkpoints.reduce((a, b) => (b.validationLoss! < a.validationLoss! ? b : a));
    expect(result.selectedCheckpoint).toMatchObject({ step: best.step, metric: 'validation_loss', earlyStoppedAtStep: 8 });
    expect(result.adapter!.metrics).toEqual({ trainLoss: best.trainLoss, valLoss: best.valLoss, valPerplexity: Math.exp(best.valLoss), validationLoss: best.validationLoss });
    expect(hooks.checkpoints.every((c) => Number.isFinite(c.validationLoss))).toBe(true);
  }, 120_000);

  it('refuses a dataset with nothing to train on under completion-only loss', async () => {
    const userOnly = await writeDataset(store.blobs, 'tenants/t1/dataset-versions/users', 'chat', [
      sentenceDocuments(40, 1).map(({ text }) => ({ messages: [{ role: 'user', content: text }] })),
    ]);
    await expect(runTrainingJob({ ...spec('c'), dataset: userOnly }, new RecordingHooks(), store.blobs)).rejects.toMatchObject({
      code: 'dataset_format',
      message: expect.stringMatching(/no record has a completion or assistant turn/),
    });
  });
});
