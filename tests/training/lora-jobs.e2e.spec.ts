import { TOPICS } from '@llmchain/contracts';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Merge, Tenant, TrainingHarness } from './training-harness';


type File = { path: string; bytes: number; sha256: string };

/** A safetensors file's F32 tensors by name, read here without the runtime (8-byte header length, JSON header, data). */
function f32Tensors(bytes: Buffer): Map<string, { shape: number[]; data: Float32Array }> {
  const headerLength = Number(bytes.readBigUInt64LE(0));
  const header = JSON.parse(bytes.subarray(8, 8 + headerLength).toString('utf8'));
  const tensors = new Map<string, { shape: number[]; data: Float32Array }>();
  for (const [name, entry] of Object.entries<{ dtype: string; shape: number[]; data_offsets: [number, number] }>(header)) {
    if (name === '__metadata__') continue;
    expect(entry.dtype).toBe('F32');
    const [start, end] = entry.data_offsets;
    const raw = bytes.subarray(8 + headerLength + start, 8 + headerLength + end);
    tensors.set(name, { shape: entry.shape, data: new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength)) });
  }
  return tensors;
}
type Model = { id: string; name: string; kind: string; architecture: string; baseModelId: string | null; adapter: unknown; artifact: { blobKey: string }; files: File[] };

describe('LoRA fine-tuning jobs end to end', () => {
  const harness = new TrainingHarness();
  let tenant: Tenant;
  let versionId: string;
  let baseId: string;
  let adapterId: string;
  const stored = (model: Model, file: string) => readFileSync(path.join(harness.blobDir, 'blobs', ...model.artifact.blobKey.split('/'), file));

  beforeAll(async () => {
    await harness.start();
    tenant = await harness.tenant();
    // The base: the committed Llama fixture (transformers' own files), imported from a folder on the blob store.
    baseId = await harness.importLlamaFixture(tenant);
    versionId = await harness.datasetVersion(tenant, 30_000);
  });
  afterAll(() => harness.teardown());

  it('refuses bad adapter settings with a 400 naming the field, and a Llama base without an adapter', async () => {
    const before = await harness.trainingRows('SELECT count(*) AS n FROM training_jobs');
    for (const [body, message] of [
      [{ adapter: { type: 'lora', rank: 0 } }, /^adapter\.rank: /],
      [{ adapter: { type: 'lora', target_modules: ['c_attn'] } }, /^adapter\.target_modules: .*c_attn/],
      [{ adapter: { type: 'lora' }, model: { layers: 4 } }, /^model\.layers: /],
      [{}, /^adapter: a llama base fine-tunes through a LoRA adapter/],
      [{ adapter: { type: 'lora' }, method: { type: 'dpo' } }, /^method\.type/],
    ] as const) {
      const reply = await harness.createJob(tenant, { kind: 'finetune', datasetVersionId: versionId, baseModelId: baseId, ...body });
      expect(reply.status).toBe(400);
      expect((reply.body.message as string[])[0]).toMatch(message);
    }
    expect(await harness.trainingRows('SELECT count(*) AS n FROM training_jobs')).toEqual(before);
  });

  it('trains an adapter on the imported base, registers it with PEFT files, and bills the trained tokens', async () => {
    const created = await harness.createJob(tenant, {
      kind: 'finetune',
      datasetVersionId: versionId,
      baseModelId: baseId,
      suffix: 'river',
      model: { contextLength: 32 },
      adapter: { type: 'lora', rank: 4, alpha: 8, dropout: 0 },
      method: { type: 'supervised', supervised: { hyperparameters: { steps: 6, batchSize: 2, learningRate: 0.01, checkpointEvery: 3 } } },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ method: 'lora', adapter: { type: 'lora', rank: 4, alpha: 8, dropout: 0 }, hyperparameters: { steps: 6, batchSize: 2, seqLen: 32 } });
    const job = await harness.finished(tenant, created.body.id);
    expect(job).toMatchObject({ status: 'succeeded', error: null, trainedTokens: 6 * 2 * 32 });

    const model = (await harness.call<Model>(harness.training, tenant, 'GET', `/v1/models/${job.modelId}`)).body;
    const targets = ['q_proj', 'k_proj', 'v_proj', 'o_proj', 'gate_proj', 'up_proj', 'down_proj'];
    expect(model).toMatchObject({ kind: 'adapter', architecture: 'llama', baseModelId: baseId, name: expect.stringMatching(/^ft:tiny-llama:river:/) });
    expect(model.adapter).toEqual({ rank: 4, alpha: 8, dropout: 0, targetModules: targets });
    expect(model.files.map((f) => f.path)).toEqual(['adapter_config.json', 'adapter_model.safetensors']);
    adapterId = model.id;
    for (const file of model.files) expect(createHash('sha256').update(stored(model, file.path)).digest('hex')).toBe(file.sha256);
    // adapter_config.json as PEFT's LoraConfig reads it.
    const config = JSON.parse(stored(model, 'adapter_config.json').toString('utf8'));
    expect(config).toMatchObject({ peft_type: 'LORA', task_type: 'CAUSAL_LM', r: 4, lora_alpha: 8, lora_dropout: 0, base_model_name_or_path: 'tiny-llama' });
    expect([...config.target_modules].sort()).toEqual([...targets].sort());
    // The safetensors header names every lora_A/lora_B as PEFT saves them: 2 layers × 7 modules × A and B.
    const weights = stored(model, 'adapter_model.safetensors');
    const header = JSON.parse(weights.subarray(8, 8 + Number(weights.readBigUInt64LE(0))).toString('utf8'));
    const names = Object.keys(header).filter((n) => n !== '__metadata__');
    expect(names).toHaveLength(28);
    expect(header['base_model.model.model.layers.1.mlp.down_proj.lora_A.weight']).toMatchObject({ dtype: 'F32', shape: [4, 128] });

    const registered = (await harness.topicEvents(TOPICS.modelRegistered, 2)).find((e) => e.data.modelId === model.id)!;
    expect(registered.version).toBe(3);
    expect(registered.data).toMatchObject({ kind: 'adapter', architecture: 'llama', baseModelId: baseId, adapter: { rank: 4, alpha: 8, targetModules: targets }, trainingJobId: job.id });
    const completed = (await harness.topicEvents(TOPICS.trainingJobCompleted, 2)).find((e) => e.data.jobId === job.id)!;
    expect(completed.data).toMatchObject({ status: 'succeeded', modelId: model.id, trainedTokens: 6 * 2 * 32 });

    // An adapter is no base: fine-tune its base instead.
    const onAdapter = await harness.createJob(tenant, { kind: 'finetune', datasetVersionId: versionId, baseModelId: model.id, adapter: { type: 'lora' } });
    expect(onAdapter.status).toBe(400);
    expect((onAdapter.body.message as string[])[0]).toMatch(/^baseModelId: .* is an adapter/);
  });

  it('merges the adapter into its base as a full model: W + (alpha/r)·B·A, registered and announced', async () => {
    const notAdapter = await harness.call<{ message: string[] }>(harness.training, tenant, 'POST', `/v1/models/${baseId}/merge`, {});
    expect(notAdapter.status).toBe(400);
    expect(notAdapter.body.message[0]).toMatch(/^id: .* not a LoRA adapter/);

    const started = await harness.call<Merge>(harness.training, tenant, 'POST', `/v1/models/${adapterId}/merge`, { name: 'tiny-llama-river' });
    expect(started).toMatchObject({ status: 201, body: { status: 'queued', adapterModelId: adapterId, baseModelId: baseId } });
    const done = await harness.mergeFinished(tenant, started.body.id);
    expect(done).toMatchObject({ status: 'succeeded', error: null });
    const merged = (await harness.call<Model>(harness.training, tenant, 'GET', `/v1/models/${done.modelId}`)).body;
    expect(merged).toMatchObject({ name: 'tiny-llama-river', kind: 'trained', architecture: 'llama', baseModelId: baseId, adapter: null });
    expect(merged.files.map((f) => f.path)).toEqual(expect.arrayContaining(['model.safetensors', 'onnx/model.onnx', 'onnx/decoder_step.onnx', 'tokenizer.json']));

    // The merge, computed here: the base's F32 weight plus 8/4 × B·A from the adapter's own file.
    const base = (await harness.call<Model>(harness.training, tenant, 'GET', `/v1/models/${baseId}`)).body;
    const adapter = (await harness.call<Model>(harness.training, tenant, 'GET', `/v1/models/${adapterId}`)).body;
    const baseWeights = f32Tensors(stored(base, 'model.safetensors'));
    const mergedWeights = f32Tensors(stored(merged, 'model.safetensors'));
    const lora = f32Tensors(stored(adapter, 'adapter_model.safetensors'));
    for (const module of ['model.layers.0.self_attn.k_proj', 'model.layers.1.mlp.down_proj']) {
      const w = baseWeights.get(`${module}.weight`)!;
      const a = lora.get(`base_model.model.${module}.lora_A.weight`)!;
      const b = lora.get(`base_model.model.${module}.lora_B.weight`)!;
      const [out, inDim] = w.shape;
      const expected = Float32Array.from(w.data);
      for (let o = 0; o < out; o++) for (let i = 0; i < inDim; i++) for (let k = 0; k < 4; k++) expected[o * inDim + i] += 2 * b.data[o * 4 + k] * a.data[k * inDim + i];
      const actual = mergedWeights.get(`${module}.weight`)!;
      expect(actual.shape).toEqual(w.shape);
      const worst = Math.max(...actual.data.map((v, i) => Math.abs(v - expected[i])));
      expect(worst).toBeLessThan(1e-5);
      expect(Math.max(...actual.data.map((v, i) => Math.abs(v - w.data[i])))).toBeGreaterThan(1e-4);
    }
    // Weights the adapter does not touch are the base's exactly.
    expect(mergedWeights.get('model.embed_tokens.weight')!.data).toEqual(baseWeights.get('model.embed_tokens.weight')!.data);

    const registered = (await harness.topicEvents(TOPICS.modelRegistered, 3)).find((e) => e.data.modelId === merged.id)!;
    expect(registered.data).toMatchObject({ kind: 'trained', architecture: 'llama', baseModelId: baseId, adapter: null, name: 'tiny-llama-river' });
  });

  it('merges an adapter of a GPT-2 trained here: Conv1D weights W + (alpha/r)·(B·A)ᵀ', async () => {
    const pretrain = await harness.createJob(tenant, {
      kind: 'pretrain',
      datasetVersionId: versionId,
      model: { layers: 1, heads: 2, embeddingSize: 32, contextLength: 32, vocabSize: 320 },
      hyperparameters: { steps: 4, batchSize: 2, seed: 3 },
      suffix: 'gpt',
    });
    expect(pretrain.status).toBe(201);
    const gptId = (await harness.finished(tenant, pretrain.body.id)).modelId!;
    const lora = await harness.createJob(tenant, {
      kind: 'finetune',
      datasetVersionId: versionId,
      baseModelId: gptId,
      adapter: { type: 'lora', rank: 2, alpha: 4, dropout: 0 },
      hyperparameters: { steps: 4, batchSize: 2, learningRate: 0.02 },
    });
    expect(lora.status).toBe(201);
    const adapterJob = await harness.finished(tenant, lora.body.id);
    expect(adapterJob).toMatchObject({ status: 'succeeded', error: null });

    const started = await harness.call<Merge>(harness.training, tenant, 'POST', `/v1/models/${adapterJob.modelId}/merge`, { name: 'tiny-gpt-merged' });
    expect(started).toMatchObject({ status: 201, body: { status: 'queued', baseModelId: gptId } });
    const done = await harness.mergeFinished(tenant, started.body.id);
    expect(done).toMatchObject({ status: 'succeeded', error: null });
    const [base, adapter, merged] = await Promise.all(
      [gptId, adapterJob.modelId!, done.modelId!].map(async (id) => (await harness.call<Model>(harness.training, tenant, 'GET', `/v1/models/${id}`)).body),
    );
    expect(merged).toMatchObject({ kind: 'trained', architecture: 'gpt2', baseModelId: gptId, adapter: null });
    const baseWeights = f32Tensors(stored(base, 'model.safetensors'));
    const mergedWeights = f32Tensors(stored(merged, 'model.safetensors'));
    const factors = f32Tensors(stored(adapter, 'adapter_model.safetensors'));
    for (const module of ['h.0.attn.c_attn', 'h.0.mlp.c_proj']) {
      const w = baseWeights.get(`${module}.weight`)!;
      const factor = (which: string) => [...factors].find(([name]) => name.endsWith(`${module}.lora_${which}.weight`))![1];
      const [a, b] = [factor('A'), factor('B')];
      // Conv1D keeps W as [in, out]; PEFT's A is [r, in] and B [out, r], so the update is transposed.
      const [inDim, out] = w.shape;
      const expected = Float32Array.from(w.data);
      for (let i = 0; i < inDim; i++) for (let o = 0; o < out; o++) for (let k = 0; k < 2; k++) expected[i * out + o] += 2 * b.data[o * 2 + k] * a.data[k * inDim + i];
      const actual = mergedWeights.get(`${module}.weight`)!;
      expect(actual.shape).toEqual(w.shape);
      expect(Math.max(...actual.data.map((v, i) => Math.abs(v - expected[i])))).toBeLessThan(1e-5);
      expect(Math.max(...actual.data.map((v, i) => Math.abs(v - w.data[i])))).toBeGreaterThan(1e-4);
    }
  });
});
