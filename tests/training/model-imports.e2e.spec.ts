import { TOPICS } from '@llmchain/contracts';
import { waitUntil } from '@llmchain/testing';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { FIXTURES, fixtureFiles, tarOf } from './model-import-fixtures';
import { Reply, Tenant, TrainingHarness } from './training-harness';

type Import = { id: string; status: string; name: string; visibility: string; modelId: string | null; error: string | null; progress: unknown };
type SourceFile = { path: string; bytes: number; sha256: string };
type Model = {
  id: string;
  name: string;
  kind: string;
  architecture: string;
  visibility: string;
  datasetVersionId: string | null;
  importedFrom: { name: string; files: SourceFile[] } | null;
  artifact: { blobKey: string };
  files: SourceFile[];
};
type List<T> = { data: T[] };

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('model imports end to end', () => {
  const harness = new TrainingHarness();
  const operatorsTenant = `tenant-operators-${Date.now()}`;
  let tenant: Tenant;
  let other: Tenant;
  let operators: Tenant;

  beforeAll(async () => {
    await harness.start({}, { trainingEnv: { TRAINING_PLATFORM_TENANTS: operatorsTenant } });
    [tenant, other, operators] = [await harness.tenant(), await harness.tenant(), await harness.tenant(operatorsTenant)];
  });
  afterAll(() => harness.teardown());

  async function upload(who: Tenant, body: Buffer, query = '', headers: Record<string, string> = {}): Promise<Reply<Import & { message?: string[] }>> {
    const response = await fetch(`${harness.training.baseUrl}/v1/models/imports${query}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${who.key}`, 'content-type': 'application/x-tar', ...headers },
      body,
    });
    return { status: response.status, body: (await response.json()) as Import & { message?: string[] } };
  }

  const finished = (who: Tenant, id: string) =>
    waitUntil(
      async () => (await harness.call<Import>(harness.training, who, 'GET', `/v1/models/imports/${id}`)).body,
      (i) => i.status === 'succeeded' || i.status === 'failed',
      { timeoutMs: 180_000, what: `import ${id} to finish` },
    );

  const importRows = (who: Tenant) => harness.trainingRows<{ id: string }>(`SELECT id FROM training_jobs WHERE tenant_id = $1 AND kind = 'import'`, [who.tenantId]);

  it('imports a Llama base from a tar upload, once per Idempotency-Key, with its lineage, and announces it', async () => {
    const files = fixtureFiles('llama');
    const archive = await tarOf('tiny-llama', files);
    const first = await upload(tenant, archive, '', { 'idempotency-key': 'import-llama-1' });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ status: 'queued', name: 'tiny-llama', visibility: 'tenant' });
    const retried = await upload(tenant, archive, '', { 'idempotency-key': 'import-llama-1' });
    // Stripe's rules, through the platform's Idempotency-Key: the same archive replays the first answer, another is 422.
    expect(retried).toMatchObject({ status: 201, body: { id: first.body.id } });
    const otherArchive = await upload(tenant, await tarOf('tiny-llama-renamed', files), '', { 'idempotency-key': 'import-llama-1' });
    expect(otherArchive.status).toBe(422);
    expect(await importRows(tenant)).toHaveLength(1);

    const done = await finished(tenant, first.body.id);
    expect(done).toMatchObject({ status: 'succeeded', error: null });
    const model = (await harness.call<Model>(harness.training, tenant, 'GET', `/v1/models/${done.modelId}`)).body;
    expect(model).toMatchObject({ name: 'tiny-llama', kind: 'imported', architecture: 'llama', visibility: 'tenant', datasetVersionId: null });
    // Lineage: the SHA-256 of each source file, against hashes computed here from the fixture.
    const expectedSources = Object.entries(files).map(([file, bytes]) => ({ path: file, bytes: bytes.length, sha256: sha256(bytes) }));
    expect(model.importedFrom!.name).toBe('tiny-llama');
    expect([...model.importedFrom!.files].sort((a, b) => a.path.localeCompare(b.path))).toEqual(expectedSources.sort((a, b) => a.path.localeCompare(b.path)));
    // The exported directory: every variant (decoder_step with its LoRA inputs) and F32 weights, each file in the blob store as recorded.
    const paths = model.files.map((f) => f.path);
    for (const file of ['config.json', 'tokenizer.json', 'model.safetensors', 'onnx/model.onnx', 'onnx/decoder_step.onnx', 'onnx/decoder_step_quantized.onnx', 'onnx/decoder_step_q4.onnx']) {
      expect(paths).toContain(file);
    }
    for (const file of model.files) {
      const stored = readFileSync(path.join(harness.blobDir, 'blobs', ...model.artifact.blobKey.split('/'), ...file.path.split('/')));
      expect(sha256(stored)).toBe(file.sha256);
    }
    const config = JSON.parse(files['config.json'].toString('utf8'));
    const registered = (await harness.topicEvents(TOPICS.modelRegistered, 1)).find((e) => e.data.modelId === model.id)!;
    expect(registered.version).toBe(3);
    expect(registered.data).toMatchObject({
      kind: 'imported',
      architecture: 'llama',
      visibility: 'tenant',
      baseModelId: null,
      adapter: null,
      datasetVersionId: null,
      config: {
        vocabSize: config.vocab_size,
        layers: config.num_hidden_layers,
        heads: config.num_attention_heads,
        kvHeads: config.num_key_value_heads,
        headDim: config.head_dim,
        embeddingSize: config.hidden_size,
      },
    });
    const completed = (await harness.topicEvents(TOPICS.trainingJobCompleted, 1)).find((e) => e.data.jobId === first.body.id)!;
    expect(completed.data).toMatchObject({ status: 'succeeded', modelId: model.id, trainedTokens: 0 });

    // Another tenant neither sees the base nor can start an import with its name taken from under it.
    expect((await harness.call(harness.training, other, 'GET', `/v1/models/${model.id}`)).status).toBe(404);
    const othersList = (await harness.call<List<Model>>(harness.training, other, 'GET', '/v1/models')).body;
    expect(othersList.data.map((m) => m.id)).not.toContain(model.id);
    expect((await harness.call(harness.training, other, 'GET', `/v1/models/imports/${first.body.id}`)).status).toBe(404);
    // An import is no training job: the training routes do not show it.
    expect((await harness.call(harness.training, tenant, 'GET', `/v1/training/jobs/${first.body.id}`)).status).toBe(404);
    const jobs = (await harness.call<List<{ id: string }>>(harness.training, tenant, 'GET', '/v1/training/jobs')).body;
    expect(jobs.data.map((j) => j.id)).not.toContain(first.body.id);
  });

  it.each<[string, () => Promise<Buffer>, RegExp]>([
    ['a path climbing out of the directory', async () => tarOf('', { ...fixtureFiles('llama'), '../config.json': '{}' }), /climbs out/],
    ['a directory without config.json', async () => {
      const { ['config.json']: _config, ...rest } = fixtureFiles('llama');
      return tarOf('tiny', rest);
    }, /^config\.json: the model directory has no config\.json/],
    ['weights of another shape than the config says', async () => {
      const files = fixtureFiles('llama');
      const config = { ...JSON.parse(files['config.json'].toString('utf8')), intermediate_size: 96 };
      return tarOf('tiny', { ...files, 'config.json': JSON.stringify(config) });
    }, /^model\.layers\.0\.mlp\.(gate|up|down)_proj\.weight: tensor .* has shape \[.*\], config\.json implies \[.*96.*\]/],
    ['an architecture the runtime does not import', async () => {
      const files = fixtureFiles('llama');
      const config = { ...JSON.parse(files['config.json'].toString('utf8')), architectures: ['BertModel'], model_type: 'bert' };
      return tarOf('tiny', { ...files, 'config.json': JSON.stringify(config) });
    }, /BertModel/],
  ])('refuses %s with a 400 naming it, and records nothing', async (_what, archive, message) => {
    const before = await importRows(other);
    const reply = await upload(other, await archive());
    expect(reply.status).toBe(400);
    expect(reply.body.message![0]).toMatch(message);
    expect(await importRows(other)).toEqual(before);
    const models = (await harness.call<List<Model>>(harness.training, other, 'GET', '/v1/models')).body;
    expect(models.data.filter((m) => m.kind === 'imported' && m.visibility === 'tenant')).toEqual([]);
  });

  it('lets only the operators import a platform-wide base, which every tenant then sees', async () => {
    const archive = await tarOf('tiny-gpt2', fixtureFiles('gpt2'));
    const refused = await upload(tenant, archive, '?platform=true');
    expect(refused.status).toBe(403);
    const started = await upload(operators, archive, '?platform=true&name=platform-gpt2');
    expect(started).toMatchObject({ status: 201, body: { visibility: 'platform', name: 'platform-gpt2' } });
    const done = await finished(operators, started.body.id);
    expect(done.status).toBe('succeeded');
    for (const who of [tenant, other]) {
      const seen = (await harness.call<Model>(harness.training, who, 'GET', `/v1/models/${done.modelId}`)).body;
      expect(seen).toMatchObject({ kind: 'imported', architecture: 'gpt2', visibility: 'platform' });
    }
  });

  it('imports a sharded directory already on the blob store, and refuses a key outside the tenant', async () => {
    const outside = await harness.call<{ message: string[] }>(harness.training, tenant, 'POST', '/v1/models/imports', { blob_key: `tenants/${other.tenantId}/models` });
    expect(outside.status).toBe(400);
    expect(outside.body.message[0]).toMatch(/^blob_key: must name a folder under tenants\//);

    // The local blob store keeps a key as a path under its directory: the folder appears as an upload tool would leave it.
    const folder = path.join(harness.blobDir, 'blobs', 'tenants', tenant.tenantId, 'uploads', 'tiny-qwen2');
    mkdirSync(folder, { recursive: true });
    const source = path.join(FIXTURES, 'qwen2');
    for (const file of readdirSync(source).filter((f) => f !== 'reference.json')) copyFileSync(path.join(source, file), path.join(folder, file));
    const started = await harness.call<Import>(harness.training, tenant, 'POST', '/v1/models/imports', { blob_key: `tenants/${tenant.tenantId}/uploads/tiny-qwen2` });
    expect(started).toMatchObject({ status: 201, body: { name: 'tiny-qwen2' } });
    const done = await finished(tenant, started.body.id);
    expect(done).toMatchObject({ status: 'succeeded', error: null });
    const model = (await harness.call<Model>(harness.training, tenant, 'GET', `/v1/models/${done.modelId}`)).body;
    expect(model.importedFrom!.files.map((f) => f.path)).toEqual(expect.arrayContaining(['model.safetensors.index.json', 'model-00001-of-00003.safetensors', 'model-00003-of-00003.safetensors']));
  });

  it('npm run import-model uploads a directory from a shell and follows the import to the registered model', () => {
    const cli = spawnSync(
      process.execPath,
      ['-r', '@swc-node/register', 'tools/import-model/main.ts', path.join(FIXTURES, 'mistral'), '--name', 'cli-mistral', '--url', harness.training.baseUrl],
      { cwd: path.join(__dirname, '../..'), env: { ...process.env, LLMCHAIN_API_KEY: tenant.key }, encoding: 'utf8', timeout: 180_000 },
    );
    // The progress bars draw on stderr; the outcome is the last line on stdout.
    expect({ status: cli.status, stderr: cli.status === 0 ? '' : cli.stderr }).toEqual({ status: 0, stderr: '' });
    expect(cli.stderr).toMatch(/ upload \|.*100%/);
    expect(cli.stdout).toMatch(/succeeded: model [0-9a-f-]{36} registered as cli-mistral \(tenant\)/);
  });
});
