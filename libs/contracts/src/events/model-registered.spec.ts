import { randomUUID } from 'node:crypto';
import { latestVersion, parseEvent } from '../registry';
import { TOPICS } from '../topics';

const sha = 'a'.repeat(64);

const v2Data = () => ({
  tenantId: 't1',
  modelId: 'm1',
  name: 'gpt:1234abcd',
  trainingJobId: 'j1',
  datasetVersionId: 'dv1',
  artifactBlobKey: 'tenants/t1/training-jobs/j1/model',
  artifactSha256: sha,
  contextLength: 128,
  baseModelId: null,
  tokenizerBlobKey: 'tenants/t1/training-jobs/j1/model/tokenizer.json',
  files: [{ path: 'config.json', bytes: 10, sha256: sha }],
  config: { vocabSize: 512, contextLength: 128, layers: 2, heads: 4, embeddingSize: 64 },
});

const adapterData = () => ({
  ...v2Data(),
  name: 'ft:qwen:support:1234abcd',
  datasetVersionId: 'dv1',
  kind: 'adapter' as const,
  architecture: 'llama' as const,
  visibility: 'tenant' as const,
  baseModelId: 'base1',
  adapter: { rank: 8, alpha: 16, targetModules: ['q_proj', 'v_proj'] },
  files: [
    { path: 'adapter_config.json', bytes: 300, sha256: sha },
    { path: 'adapter_model.safetensors', bytes: 4096, sha256: sha },
  ],
  config: { vocabSize: 1000, contextLength: 2048, layers: 2, heads: 4, kvHeads: 2, headDim: 16, embeddingSize: 64 },
});

const envelope = (version: number, data: object) => ({
  id: randomUUID(),
  type: TOPICS.modelRegistered,
  version,
  occurredAt: new Date().toISOString(),
  producer: 'training-service',
  data,
});

describe('model.registered', () => {
  it('producers emit v3 and consumers still accept v2', () => {
    expect(latestVersion(TOPICS.modelRegistered)).toBe(3);
    expect(parseEvent(TOPICS.modelRegistered, envelope(2, v2Data())).ok).toBe(true);
  });

  it('v3 carries an adapter on its base, and an import without a dataset version', () => {
    expect(parseEvent(TOPICS.modelRegistered, envelope(3, adapterData()))).toMatchObject({ ok: true });
    const imported = { ...adapterData(), kind: 'imported', visibility: 'platform', baseModelId: null, adapter: null, datasetVersionId: null };
    expect(parseEvent(TOPICS.modelRegistered, envelope(3, imported))).toMatchObject({ ok: true });
  });

  it('v3 rejects an adapter without its base or settings, and settings on a model that is no adapter', () => {
    const noBase = parseEvent(TOPICS.modelRegistered, envelope(3, { ...adapterData(), baseModelId: null }));
    expect(!noBase.ok && noBase.reason).toContain('baseModelId');
    const noSettings = parseEvent(TOPICS.modelRegistered, envelope(3, { ...adapterData(), adapter: null }));
    expect(!noSettings.ok && noSettings.reason).toContain('adapter');
    const stray = parseEvent(TOPICS.modelRegistered, envelope(3, { ...adapterData(), kind: 'trained' }));
    expect(!stray.ok && stray.reason).toContain('adapter');
  });

  it('v3 requires the key/value heads a grouped-query cache is laid out by', () => {
    const data = adapterData();
    const { kvHeads: _dropped, ...config } = data.config;
    const result = parseEvent(TOPICS.modelRegistered, envelope(3, { ...data, config }));
    expect(!result.ok && result.reason).toContain('kvHeads');
  });
});
