import { TOPICS } from '@llmchain/contracts';
import {
  exportModelDirectory,
  generate,
  GptConfig,
  importHfModelDirectory,
  initParams,
  InferenceModel,
  LoraAdapter,
  mergeLoraAdapter,
  readPeftAdapter,
  tokenizerFilesOf,
  writePeftAdapter,
} from '@llmchain/model-runtime';
import { waitUntil } from '@llmchain/testing';
import { encodeChatMessages, Tokenizer } from '@llmchain/tokenizer';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ServingHarness, TenantKey } from './serving-harness';
import { exportTinyModel } from './tiny-model';

const SHA = 'a'.repeat(64);
const HF_FIXTURES = path.resolve(__dirname, '../../libs/model-runtime/src/__fixtures__/hf');
/** transformers' (and with the adapter, PEFT's) greedy tokens after each prompt of the Llama fixture. */
const llamaReference = (fixture: string): { prompts: number[][]; greedy: number[][] } =>
  JSON.parse(readFileSync(path.join(HF_FIXTURES, fixture, 'reference.json'), 'utf8'));
const GPT_MODULES = { 'attn.c_attn': [1, 3], 'attn.c_proj': [1, 1], 'mlp.c_fc': [1, 4], 'mlp.c_proj': [4, 1] } as const;

/** A PEFT adapter with random nonzero A and B on every GPT-2 projection (a trained one starts B at zero). */
function randomAdapter(config: GptConfig, r: number, seed: number): LoraAdapter {
  let state = seed;
  const next = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31 - 0.5) * 1.2;
  const weights = new Map<string, { shape: number[]; data: Float32Array }>();
  for (let layer = 0; layer < config.nLayer; layer++) {
    for (const [module, [inMul, outMul]] of Object.entries(GPT_MODULES)) {
      const [inF, outF] = [inMul * config.nEmbd, outMul * config.nEmbd];
      const name = (m: string) => `base_model.model.transformer.h.${layer}.${module}.lora_${m}.weight`;
      weights.set(name('A'), { shape: [r, inF], data: Float32Array.from({ length: r * inF }, next) });
      weights.set(name('B'), { shape: [outF, r], data: Float32Array.from({ length: outF * r }, next) });
    }
  }
  return { config: { r, loraAlpha: 2 * r, loraDropout: 0, targetModules: Object.keys(GPT_MODULES), baseModelNameOrPath: 'tiny-base' }, weights };
}

/**
 * One base, imported for the whole platform, and two adapters of tenant A's on it, announced with model.registered
 * v3 as training-service sends them: served as `<base>:<adapter>` on the base's one copy, in one batch.
 */
describe('serving LoRA adapters on a shared base', () => {
  const harness = new ServingHarness();
  const baseName = 'tiny-base';
  let tenantA: TenantKey;
  let tenantB: TenantKey;
  let config: GptConfig;
  /** Greedy completions of "the cat" by the base and by each adapter merged into it (the expected answers). */
  const expected: Record<string, string> = {};
  const adapterIds: Record<string, string> = {};
  /** The Llama fixture's base and adapters: the prompt's ids, and the expected completion of each served name. */
  const llamaPrompt = llamaReference('llama').prompts[1];
  const llamaExpected: Record<string, string> = {};
  /** A chat turn rendered by the Llama fixture's own chat template, and the `half` adapter's expected streamed reply. */
  const llamaChat = [{ role: 'user' as const, content: 'the cat sat' }];
  let llamaChatExpected = '';

  const announce = async (tenantId: string, data: Record<string, unknown> & { artifactBlobKey: string }) =>
    harness.publish(
      TOPICS.modelRegistered,
      {
        tenantId,
        trainingJobId: randomUUID(),
        datasetVersionId: null,
        artifactSha256: await harness.artifactSha256(data.artifactBlobKey),
        contextLength: 128,
        architecture: 'gpt2',
        tokenizerBlobKey: 'unused/tokenizer.json',
        files: [{ path: 'config.json', bytes: 1, sha256: SHA }],
        config: { vocabSize: config.vocabSize, contextLength: 128, layers: config.nLayer, heads: config.nHead, kvHeads: config.nHead, headDim: config.nEmbd / config.nHead, embeddingSize: config.nEmbd },
        ...data,
      },
      tenantId,
      3,
    );

  async function greedy(dir: string, tokenizer: Tokenizer): Promise<string> {
    const model = await InferenceModel.load(dir);
    const { tokens } = await generate(model, tokenizer.encode('the cat', { allowedSpecial: 'none' }), { maxNewTokens: 8, eosTokenIds: [model.tokens.eosTokenId] });
    return tokenizer.decode(tokens, { skipSpecialTokens: true });
  }

  beforeAll(async () => {
    await harness.start();
    [tenantA, tenantB] = await Promise.all([harness.issueKey(), harness.issueKey()]);
    const baseKey = `models/${randomUUID()}`;
    config = await exportTinyModel(harness.modelsDir, baseKey);
    const baseDir = path.join(harness.modelsDir, baseKey);
    const tokenizer = await Tokenizer.load(baseDir);
    expected[baseName] = await greedy(baseDir, tokenizer);
    const baseId = randomUUID();
    await announce('platform', { modelId: baseId, name: baseName, artifactBlobKey: baseKey, kind: 'imported', visibility: 'platform', baseModelId: null, adapter: null });
    for (const [i, name] of ['support', 'legal'].entries()) {
      const adapter = randomAdapter(config, 2 + 2 * i, 11 + i);
      const key = `adapters/${randomUUID()}`;
      writePeftAdapter(path.join(harness.modelsDir, key), adapter);
      // The expected answer from the merged model, an independent path from serving's per-row LoRA inputs.
      const mergedDir = path.join(harness.modelsDir, `${key}-merged`);
      exportModelDirectory(mergedDir, {
        config,
        params: mergeLoraAdapter(initParams(config, 7), adapter),
        tokens: { bosTokenId: tokenizer.eosTokenId as number, eosTokenId: tokenizer.eosTokenId as number },
        tokenizer: tokenizerFilesOf(tokenizer),
      });
      expected[`${baseName}:${name}`] = await greedy(mergedDir, tokenizer);
      adapterIds[name] = randomUUID();
      await announce(tenantA.tenantId, {
        modelId: adapterIds[name],
        name,
        artifactBlobKey: key,
        kind: 'adapter',
        visibility: 'tenant',
        baseModelId: baseId,
        adapter: { rank: adapter.config.r, alpha: adapter.config.loraAlpha, targetModules: adapter.config.targetModules },
      });
    }
    await registerLlama();
    const client = harness.client(tenantA.key);
    await waitUntil(
      () => Promise.all([...Object.keys(expected), ...Object.keys(llamaExpected)].map((model) => client.completions.create({ model, prompt: 'the', max_tokens: 1 }).then(() => 'ready', (e: Error) => e.message))),
      (states) => states.every((state) => state === 'ready'),
      { timeoutMs: 60_000, what: 'base and adapters ready' },
    );
  });
  afterAll(() => harness.teardown());

  /**
   * The imported Llama fixture as a platform base, with tenant A's adapters: `peft` (the fixture's PEFT adapter,
   * expected to answer PEFT's greedy tokens) and `half` (the same with B halved, expected to answer what the runtime
   * computes for it alone).
   */
  async function registerLlama(): Promise<void> {
    const baseKey = `models/${randomUUID()}`;
    const baseDir = path.join(harness.modelsDir, baseKey);
    await importHfModelDirectory(path.join(HF_FIXTURES, 'llama'), baseDir);
    const tokenizer = await Tokenizer.load(baseDir);
    const model = await InferenceModel.load(baseDir);
    const eos = new Set([model.tokens.eosTokenId, ...(model.tokens.eosTokenIds ?? [])]);
    const text = (tokens: number[]) => {
      const end = tokens.findIndex((t) => eos.has(t));
      return tokenizer.decode(end < 0 ? tokens : tokens.slice(0, end), { skipSpecialTokens: true });
    };
    llamaExpected['tiny-llama'] = text(llamaReference('llama').greedy[1]);
    llamaExpected['tiny-llama:peft'] = text(llamaReference('llama-lora').greedy[1]);
    const peft = readPeftAdapter(path.join(HF_FIXTURES, 'llama-lora'));
    const half: LoraAdapter = {
      ...peft,
      weights: new Map([...peft.weights].map(([name, t]) => [name, name.includes('lora_B') ? { ...t, data: t.data.map((v) => v / 2) } : t])),
    };
    const alone = await generate(model, llamaPrompt, { maxNewTokens: 8, adapter: await model.loadAdapter(half), eosTokenIds: [...eos] });
    llamaExpected['tiny-llama:half'] = text(alone.tokens);
    const chatIds = encodeChatMessages(tokenizer, llamaChat, { addGenerationPrompt: true });
    const halfAdapter = await model.loadAdapter(half);
    llamaChatExpected = text((await generate(model, chatIds, { maxNewTokens: 8, adapter: halfAdapter, eosTokenIds: [...eos] })).tokens);
    const baseId = randomUUID();
    const config = { vocabSize: model.shape.vocabSize, contextLength: model.shape.contextLength, layers: model.shape.nLayer, heads: 4, kvHeads: 2, headDim: 16, embeddingSize: 64 };
    const llama = { architecture: 'llama', contextLength: model.shape.contextLength, config };
    await announce('platform', { ...llama, modelId: baseId, name: 'tiny-llama', artifactBlobKey: baseKey, kind: 'imported', visibility: 'platform', baseModelId: null, adapter: null });
    for (const [name, adapter] of Object.entries({ peft, half })) {
      const key = `adapters/${randomUUID()}`;
      writePeftAdapter(path.join(harness.modelsDir, key), adapter);
      const settings = { rank: adapter.config.r, alpha: adapter.config.loraAlpha, targetModules: adapter.config.targetModules };
      await announce(tenantA.tenantId, { ...llama, modelId: randomUUID(), name, artifactBlobKey: key, kind: 'adapter', visibility: 'tenant', baseModelId: baseId, adapter: settings });
    }
  }

  it('answers base, adapter 1 and adapter 2 at once, streamed and not, each as its merged model does', async () => {
    expect(new Set(Object.values(expected)).size).toBe(3);
    const client = harness.client(tenantA.key);
    const whole = (model: string) => client.completions.create({ model, prompt: 'the cat', max_tokens: 8, temperature: 0 }).then((c) => c.choices[0].text);
    const streamed = async (model: string) => {
      let text = '';
      for await (const chunk of await client.completions.create({ model, prompt: 'the cat', max_tokens: 8, temperature: 0, stream: true })) {
        text += chunk.choices[0]?.text ?? '';
      }
      return text;
    };
    const models = Object.keys(expected);
    const answers = await Promise.all([...models.map(whole), ...models.map(streamed)]);
    expect(answers).toEqual([...models, ...models].map((model) => expected[model]));
    const usage = await harness.rows<{ model: string }>('SELECT DISTINCT model FROM usage_records WHERE api_key_id = $1', [tenantA.apiKeyId]);
    // Metered under the name called (the readiness probes called the Llama models too).
    expect(usage.map((row) => row.model).sort()).toEqual([...models, ...Object.keys(llamaExpected)].sort());
  });

  it('serves an imported Llama base and its adapters at once as transformers and PEFT compute them', async () => {
    expect(new Set(Object.values(llamaExpected)).size).toBe(3);
    const client = harness.client(tenantA.key);
    const models = Object.keys(llamaExpected);
    const answers = await Promise.all(
      models.map((model) => client.completions.create({ model, prompt: llamaPrompt, max_tokens: 8, temperature: 0 }).then((c) => c.choices[0].text)),
    );
    expect(answers).toEqual(models.map((model) => llamaExpected[model]));
    expect(llamaChatExpected).not.toBe('');
    let streamed = '';
    const chat = await client.chat.completions.create({ model: 'tiny-llama:half', messages: llamaChat, max_tokens: 8, temperature: 0, stream: true });
    for await (const chunk of chat) streamed += chunk.choices[0]?.delta.content ?? '';
    expect(streamed).toBe(llamaChatExpected);
  });

  it('shows a tenant its own adapters and the platform bases, and nobody else\'s adapters', async () => {
    const listed = async (key: string) => (await harness.client(key).models.list()).data.map((m) => m.id).sort();
    expect(await listed(tenantA.key)).toEqual([baseName, `${baseName}:legal`, `${baseName}:support`, 'tiny-llama', 'tiny-llama:half', 'tiny-llama:peft']);
    expect(await listed(tenantB.key)).toEqual([baseName, 'tiny-llama']);
    const clientB = harness.client(tenantB.key);
    await expect(clientB.completions.create({ model: `${baseName}:support`, prompt: 'the', max_tokens: 2 })).rejects.toMatchObject({ status: 404 });
    await expect(clientB.models.retrieve(`${baseName}:legal`)).rejects.toMatchObject({ status: 404 });
    await expect(clientB.models.delete(baseName)).rejects.toMatchObject({ status: 403 });
    expect((await clientB.completions.create({ model: baseName, prompt: 'the cat', max_tokens: 8, temperature: 0 })).choices[0].text).toBe(expected[baseName]);
  });

  it('unloads a deleted adapter while the base and the other adapter keep serving', async () => {
    const client = harness.client(tenantA.key);
    await expect(client.models.delete(`${baseName}:legal`)).resolves.toMatchObject({ deleted: true });
    await expect(client.completions.create({ model: `${baseName}:legal`, prompt: 'the', max_tokens: 2 })).rejects.toMatchObject({ status: 404 });
    expect(await harness.rows('SELECT 1 FROM served_models WHERE model_id = $1', [adapterIds.legal])).toHaveLength(0);
    const [base, support] = await Promise.all(
      [baseName, `${baseName}:support`].map((model) => client.completions.create({ model, prompt: 'the cat', max_tokens: 8, temperature: 0 })),
    );
    expect(base.choices[0].text).toBe(expected[baseName]);
    expect(support.choices[0].text).toBe(expected[`${baseName}:support`]);
  });
});
