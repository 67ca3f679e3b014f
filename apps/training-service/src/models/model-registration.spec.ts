import { readModelConfig } from '@llmchain/model-runtime';
import { OutboxWriter } from '@llmchain/platform';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Model } from '../generated/prisma/client';
import { modelRegisteredEvent } from './model-registration';

const LLAMA = path.join(__dirname, '../../../../libs/model-runtime/src/__fixtures__/hf/llama');
const SHA = 'b'.repeat(64);

/** A model row as Prisma returns it; `overrides` set what the kind under test differs in. */
const row = (overrides: Partial<Model>): Model => ({
  id: '0b6f2f86-5f49-4d47-9a8f-0c6a4c52c001',
  tenantId: 'tenant-1',
  name: 'm',
  jobId: '0b6f2f86-5f49-4d47-9a8f-0c6a4c52c002',
  kind: 'trained',
  architecture: 'gpt2',
  visibility: 'tenant',
  datasetVersionId: null,
  baseModelId: null,
  tokenizerId: null,
  adapter: null,
  importSourceName: null,
  importSourceFiles: null,
  artifactBlobKey: 'tenants/tenant-1/models/m',
  artifactSha256: SHA,
  weightsBlobKey: 'tenants/tenant-1/models/m/model.safetensors',
  tokenizerBlobKey: 'tenants/tenant-1/models/m/tokenizer.json',
  config: {},
  metrics: {},
  files: [{ path: 'config.json', bytes: 10, sha256: SHA }],
  createdAt: new Date(),
  ...overrides,
});

describe('model.registered built from a model row', () => {
  // prepare() validates the envelope against the contract's latest version (v3), as writing it to the outbox does.
  const outbox = new OutboxWriter('training-service');

  it('announces an adapter with its base\'s shape (from config.json here) and the settings serving scales by', () => {
    const hf = JSON.parse(readFileSync(path.join(LLAMA, 'config.json'), 'utf8'));
    const base = readModelConfig(LLAMA).model;
    const adapter = row({
      kind: 'adapter',
      architecture: 'llama',
      baseModelId: '0b6f2f86-5f49-4d47-9a8f-0c6a4c52c003',
      datasetVersionId: 'dv-1',
      adapter: { rank: 4, alpha: 8, dropout: 0.05, targetModules: ['q_proj', 'v_proj'] },
      config: base.config as object,
      files: [{ path: 'adapter_config.json', bytes: 300, sha256: SHA }],
    });
    const [{ event, key }] = outbox.prepare([modelRegisteredEvent(adapter)]);
    expect(key).toBe('tenant-1');
    expect(event.version).toBe(3);
    expect(event.data).toMatchObject({
      modelId: adapter.id,
      trainingJobId: adapter.jobId,
      kind: 'adapter',
      architecture: 'llama',
      baseModelId: adapter.baseModelId,
      datasetVersionId: 'dv-1',
      adapter: { rank: 4, alpha: 8, targetModules: ['q_proj', 'v_proj'] },
      contextLength: hf.max_position_embeddings,
      files: adapter.files,
      config: {
        vocabSize: hf.vocab_size,
        contextLength: hf.max_position_embeddings,
        layers: hf.num_hidden_layers,
        heads: hf.num_attention_heads,
        kvHeads: hf.num_key_value_heads,
        headDim: hf.head_dim,
        embeddingSize: hf.hidden_size,
      },
    });
  });

  it('announces a model trained here (GPT-2) with no adapter, its heads its key/value heads', () => {
    const config = { vocabSize: 300, contextLength: 64, nLayer: 2, nHead: 4, nEmbd: 32, positional: 'learned', dropout: 0, layerNormEps: 1e-5, tieEmbeddings: true };
    const [{ event }] = outbox.prepare([modelRegisteredEvent(row({ config, datasetVersionId: 'dv-2' }))]);
    expect(event.data).toMatchObject({
      kind: 'trained',
      architecture: 'gpt2',
      adapter: null,
      contextLength: 64,
      config: { vocabSize: 300, contextLength: 64, layers: 2, heads: 4, kvHeads: 4, headDim: 8, embeddingSize: 32 },
    });
  });

  it('refuses a row the contract would not accept (an adapter row without settings) before anything is written', () => {
    const base = readModelConfig(LLAMA).model;
    const broken = row({ kind: 'adapter', architecture: 'llama', baseModelId: '0b6f2f86-5f49-4d47-9a8f-0c6a4c52c003', config: base.config as object });
    expect(() => outbox.prepare([modelRegisteredEvent(broken)])).toThrow(/adapter/);
  });
});
