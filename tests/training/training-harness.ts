import { TOPICS } from '@llmchain/contracts';
import { generateApiKeySecret } from '@llmchain/platform';
import { queryRows, ServiceProcess, ServiceStack, testKafka, waitUntil } from '@llmchain/testing';
import { randomUUID } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateCorpus } from '../../tools/corpus-generator/generate-corpus';

const LLAMA_FIXTURE = path.join(__dirname, '../../libs/model-runtime/src/__fixtures__/hf/llama');
/** The fixture's files a Hub checkout would have (reference.json is the fixture's answer key). */
const HF_FILES = ['config.json', 'generation_config.json', 'tokenizer.json', 'tokenizer_config.json', 'model.safetensors'];

export type Tenant = { tenantId: string; key: string };
export type Reply<T> = { status: number; body: T };
export type Merge = { id: string; status: string; modelId: string | null; error: string | null };
export type Job = {
  id: string;
  status: string;
  error: string | null;
  modelId: string | null;
  trainedTokens: number;
  hyperparameters: { steps: number; batchSize: number; seqLen: number } | null;
  progress: { step: number; totalSteps: number } | null;
};

/**
 * data-service, training-service and training workers in a fresh stack sharing one blob store: the path a dataset
 * version takes to become a model. Keys are issued as billing would (apikey.created with the hash only).
 */
export class TrainingHarness {
  readonly stack = new ServiceStack();
  readonly blobDir = mkdtempSync(path.join(tmpdir(), 'training-e2e-'));
  data!: ServiceProcess;
  training!: ServiceProcess;
  /** serving-service on the same blob store and topics, when `start` is asked for it. */
  serving?: ServiceProcess;
  readonly workers: ServiceProcess[] = [];

  /**
   * `workers: 0` leaves every job waiting in validation, for tests of what happens before a job runs; `serving` adds
   * serving-service, which loads what training registers from the shared blob store.
   */
  async start(
    workerEnv: Record<string, string> = {},
    { workers = 1, trainingEnv = {}, serving = false }: { workers?: number; trainingEnv?: Record<string, string>; serving?: boolean } = {},
  ): Promise<void> {
    const shared = { BLOB_STORE_DIR: path.join(this.blobDir, 'blobs') };
    this.data = await this.stack.add('data-service', shared);
    this.training = await this.stack.add('training-service', { ...shared, TRAINING_WORK_DIR: path.join(this.blobDir, 'work'), ...trainingEnv });
    if (serving) {
      this.serving = await this.stack.add('serving-service', {
        ...shared,
        MODELS_DIR: path.join(this.blobDir, 'models'),
        MODEL_CACHE_DIR: path.join(this.blobDir, 'serving-cache'),
      });
    }
    for (let i = 0; i < workers; i++) await this.addWorker(workerEnv);
    await this.stack.startAll();
  }

  async addWorker(env: Record<string, string> = {}): Promise<ServiceProcess> {
    const worker = await this.stack.addWorker('training-service', 'worker.ts', {
      BLOB_STORE_DIR: path.join(this.blobDir, 'blobs'),
      TRAINING_WORK_DIR: path.join(this.blobDir, `work-${this.workers.length}`),
      ...env,
    });
    this.workers.push(worker);
    return worker;
  }

  async teardown(): Promise<void> {
    await this.stack.teardown();
    rmSync(this.blobDir, { recursive: true, force: true });
  }

  servingRows<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return queryRows<T>(this.stack.database('serving-service').url, sql, params);
  }

  trainingRows<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return queryRows<T>(this.stack.database('training-service').url, sql, params);
  }

  async tenant(tenantId = `tenant-${randomUUID()}`): Promise<Tenant> {
    const apiKeyId = randomUUID();
    const { key, prefix, secretHash } = generateApiKeySecret();
    const scopes = this.serving ? ['data', 'training', 'serving'] : ['data', 'training'];
    await this.publish(TOPICS.apiKeyCreated, { tenantId, apiKeyId, prefix, secretHash, scopes, expiresAt: null }, tenantId);
    const services = this.serving ? (['data-service', 'training-service', 'serving-service'] as const) : (['data-service', 'training-service'] as const);
    for (const name of services) {
      await waitUntil(
        () => queryRows(this.stack.database(name).url, 'SELECT 1 FROM api_key_replicas WHERE id = $1', [apiKeyId]),
        (rows) => rows.length === 1,
        { timeoutMs: 60_000, what: `apikey.created in ${name}'s replica` },
      );
    }
    return { tenantId, key };
  }

  async call<T>(service: ServiceProcess, tenant: Tenant | null, method: string, route: string, body?: unknown): Promise<Reply<T>> {
    const headers: Record<string, string> = tenant ? { authorization: `Bearer ${tenant.key}` } : {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${service.baseUrl}${route}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
  }

  /** Uploads a generated multilingual corpus, cleans it, and waits until training-service knows the version. */
  async datasetVersion(tenant: Tenant, targetBytes = 60_000, seed = 7): Promise<string> {
    const lines = [...generateCorpus({ targetBytes, seed })].map(({ document }) => JSON.stringify({ id: document.id, text: document.text }));
    const form = new FormData();
    form.append('file', new Blob([lines.join('\n')]), 'corpus.jsonl');
    const upload = await fetch(`${this.data.baseUrl}/corpora`, { method: 'POST', headers: { authorization: `Bearer ${tenant.key}` }, body: form });
    const corpus = (await upload.json()) as { id: string };
    if (upload.status !== 201) throw new Error(`upload answered ${upload.status}: ${JSON.stringify(corpus)}`);
    const run = await this.call<{ id: string }>(this.data, tenant, 'POST', '/cleaning-runs', {
      corpusIds: [corpus.id],
      datasetName: `corpus-${seed}`,
      settings: { language: { keep: ['en', 'de', 'fr', 'es', 'it'] } },
    });
    const finished = await waitUntil(
      async () => (await this.call<{ status: string; datasetVersionId: string | null; error: string | null }>(this.data, tenant, 'GET', `/cleaning-runs/${run.body.id}`)).body,
      (r) => r.status === 'succeeded' || r.status === 'failed',
      { timeoutMs: 180_000, what: 'the cleaning run' },
    );
    if (finished.status !== 'succeeded') throw new Error(`cleaning failed: ${finished.error}`);
    const versionId = finished.datasetVersionId!;
    await waitUntil(
      () => this.trainingRows('SELECT 1 FROM dataset_version_replicas WHERE id = $1', [versionId]),
      (rows) => rows.length === 1,
      { timeoutMs: 60_000, what: 'dataset.version.ready in training-service' },
    );
    return versionId;
  }

  /**
   * Imports the committed Llama fixture (transformers' own files) from a folder on the blob store as `name`, and
   * returns the imported base's model id.
   */
  async importLlamaFixture(tenant: Tenant, name = 'tiny-llama'): Promise<string> {
    const folder = path.join(this.blobDir, 'blobs', 'tenants', tenant.tenantId, 'uploads', name);
    mkdirSync(folder, { recursive: true });
    for (const file of HF_FILES) copyFileSync(path.join(LLAMA_FIXTURE, file), path.join(folder, file));
    const started = await this.call<{ id: string }>(this.training, tenant, 'POST', '/v1/models/imports', { blob_key: `tenants/${tenant.tenantId}/uploads/${name}` });
    const imported = await waitUntil(
      async () => (await this.call<{ status: string; modelId: string | null; error: string | null }>(this.training, tenant, 'GET', `/v1/models/imports/${started.body.id}`)).body,
      (i) => i.status === 'succeeded' || i.status === 'failed',
      { timeoutMs: 180_000, what: 'the base import' },
    );
    if (imported.status !== 'succeeded') throw new Error(`the import of ${name} failed: ${imported.error}`);
    return imported.modelId!;
  }

  /** The merge `mergeId` once it has succeeded or failed. */
  mergeFinished(tenant: Tenant, mergeId: string): Promise<Merge> {
    return waitUntil(
      async () => (await this.call<Merge>(this.training, tenant, 'GET', `/v1/models/merges/${mergeId}`)).body,
      (m) => m.status === 'succeeded' || m.status === 'failed',
      { timeoutMs: 180_000, what: `merge ${mergeId} to finish` },
    );
  }

  createJob(tenant: Tenant, body: object): Promise<Reply<Job & { message?: string[] | string }>> {
    return this.call(this.training, tenant, 'POST', '/v1/training/jobs', body);
  }

  async waitForJob(tenant: Tenant, jobId: string, done: (job: Job) => boolean, what: string, timeoutMs = 300_000): Promise<Job> {
    return waitUntil(async () => (await this.call<Job>(this.training, tenant, 'GET', `/v1/training/jobs/${jobId}`)).body, done, { timeoutMs, what });
  }

  finished(tenant: Tenant, jobId: string): Promise<Job> {
    return this.waitForJob(tenant, jobId, (job) => ['succeeded', 'failed', 'cancelled'].includes(job.status), `job ${jobId} to finish`);
  }

  /** Events the services published on this stack's topics (read from the beginning). */
  async topicEvents(topic: string, count: number): Promise<{ version: number; data: Record<string, unknown> }[]> {
    const consumer = testKafka('training-tests').consumer({ groupId: `training-tests-${randomUUID()}` });
    const seen: { version: number; data: Record<string, unknown> }[] = [];
    await consumer.connect();
    try {
      await consumer.subscribe({ topic: `${this.stack.topicPrefix}${topic}`, fromBeginning: true });
      await consumer.run({ eachMessage: async ({ message }) => void seen.push(JSON.parse(message.value!.toString())) });
      await waitUntil(async () => seen.length, (n) => n >= count, { timeoutMs: 60_000, what: `${count} events on ${topic}` });
    } finally {
      await consumer.disconnect();
    }
    return seen;
  }

  async publish(topic: string, data: object, key: string): Promise<void> {
    const producer = testKafka('training-tests').producer();
    await producer.connect();
    try {
      const event = { id: randomUUID(), type: topic, version: 1, occurredAt: new Date().toISOString(), producer: 'billing-service', data };
      await producer.send({ topic: `${this.stack.topicPrefix}${topic}`, acks: -1, messages: [{ key, value: JSON.stringify(event) }] });
    } finally {
      await producer.disconnect();
    }
  }
}
