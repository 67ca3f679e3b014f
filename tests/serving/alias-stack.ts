import { TOPICS } from '@llmchain/contracts';
import type { GptConfig } from '@llmchain/model-runtime';
import { queryRows, ServiceProcess, waitUntil } from '@llmchain/testing';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { ServingHarness, TenantKey } from './serving-harness';
import { exportTinyModel } from './tiny-model';

export type Version = { id: string; name: string };
type Reply = { status: number; body: any };
export type Answer = { process: ServiceProcess; id: string; model: string };

/** Each serving process re-reads served_models this often, so a version registered through the other one loads soon. */
const SERVING_ENV = { MODEL_SYNC_MS: '1000' };

/**
 * Two serving processes and training-service on one stack, and two tenants with keys for both services. Versions are
 * announced to serving with model.registered and recorded in training-service's registry as its export would record
 * them (training a model per version would take minutes; the alias routes only read the registry's rows).
 */
export class AliasStack {
  private readonly harness = new ServingHarness();
  key!: TenantKey;
  otherKey!: TenantKey;

  async start(): Promise<ServiceProcess[]> {
    let second!: ServiceProcess;
    await this.harness.start(SERVING_ENV, async () => {
      const dirs = { MODELS_DIR: this.harness.modelsDir, BLOB_STORE_DIR: path.join(this.harness.modelsDir, 'blobs') };
      second = await this.harness.stack.addWorker('serving-service', 'main.ts', { ...dirs, MODEL_CACHE_DIR: path.join(this.harness.modelsDir, 'cache-2'), ...SERVING_ENV });
      await this.harness.stack.add('training-service', { BLOB_STORE_DIR: dirs.BLOB_STORE_DIR, TRAINING_WORK_DIR: path.join(this.harness.modelsDir, 'training-work') });
    });
    [this.key, this.otherKey] = await Promise.all([this.issueKey(), this.issueKey()]);
    return [this.harness.serving, second];
  }

  teardown(): Promise<void> {
    return this.harness.teardown();
  }

  /** A version of the tenant's: exported, announced to serving, in training's registry, and answering on every process. */
  async registerVersion(name: string, config: Partial<GptConfig> = {}): Promise<Version> {
    const artifactKey = `models/${randomUUID()}`;
    await exportTinyModel(this.harness.modelsDir, artifactKey, config);
    const artifactSha256 = await this.harness.artifactSha256(artifactKey);
    const id = randomUUID();
    const { tenantId } = this.key;
    await this.harness.publish(
      TOPICS.modelRegistered,
      { tenantId, modelId: id, name, trainingJobId: randomUUID(), datasetVersionId: randomUUID(), artifactBlobKey: artifactKey, artifactSha256, contextLength: config.contextLength ?? 128 },
      tenantId,
    );
    await this.recordInTraining(tenantId, id, name, artifactKey, artifactSha256);
    for (const process of this.processes()) {
      await waitUntil(() => this.complete(process, name).then((a) => a.status), (status) => status === 200, { timeoutMs: 60_000, what: `${name} answering` });
    }
    return { id, name };
  }

  /** A model of the other tenant's in training's registry. */
  async otherTenantModel(): Promise<string> {
    const id = randomUUID();
    await this.recordInTraining(this.otherKey.tenantId, id, `others-${id.slice(0, 8)}`, `models/${id}`, '0'.repeat(64));
    return id;
  }

  training(method: string, route: string, key: string, json?: object): Promise<Reply> {
    return call(`${this.harness.stack.get('training-service').baseUrl}${route}`, method, key, json);
  }

  serving(process: ServiceProcess, method: string, route: string, key: string, json?: object): Promise<Reply> {
    return call(`${process.baseUrl}${route}`, method, key, json);
  }

  /** A one-token completion: its status, and for a 200 its id and the model that answered. */
  async complete(process: ServiceProcess, model: string, key = this.key.key): Promise<Answer & { status: number }> {
    const reply = await this.serving(process, 'POST', '/v1/completions', key, { model, prompt: 'the', max_tokens: 1 });
    return { process, status: reply.status, id: reply.body.id, model: reply.body.model };
  }

  /** `calls` one-token completions, alternating between the processes, eight at a time. */
  async completeMany(processes: ServiceProcess[], model: string, calls: number): Promise<Answer[]> {
    const answers: Answer[] = [];
    let next = 0;
    const lane = async () => {
      for (let i = next++; i < calls; i = next++) {
        const answer = await this.complete(processes[i % processes.length], model);
        if (answer.status !== 200) throw new Error(`call ${i} answered ${answer.status}`);
        answers.push(answer);
      }
    };
    await Promise.all(Array.from({ length: 8 }, lane));
    return answers;
  }

  /** Opens a streamed completion and reads its first chunk; rest() reads to [DONE] and says which models sent chunks. */
  async openStream(process: ServiceProcess, model: string, body: object) {
    const response = await fetch(`${process.baseUrl}/v1/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.key.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ...body, model, stream: true }),
    });
    if (response.status !== 200) throw new Error(`stream answered ${response.status}: ${await response.text()}`);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let text = decoder.decode((await reader.read()).value, { stream: true });
    const first = JSON.parse(text.split('\n\n')[0].slice('data: '.length)) as { id: string; model: string };
    return {
      requestId: first.id,
      firstModel: first.model,
      rest: async () => {
        for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) text += decoder.decode(chunk.value, { stream: true });
        const endedAt = Date.now();
        const events = text.split('\n\n').filter((e) => e.startsWith('data: {'));
        if (!text.trimEnd().endsWith('data: [DONE]')) throw new Error(`the stream did not finish: ${text.slice(-300)}`);
        const models = [...new Set(events.map((e) => (JSON.parse(e.slice('data: '.length)) as { model: string }).model))];
        return { models, endedAt, chunks: events.length };
      },
    };
  }

  /** Waits until every process lists support-bot with these versions and weights; returns how long that took. */
  async untilServed(processes: ServiceProcess[], targets: { model: string; weight: number }[]): Promise<number> {
    const started = Date.now();
    const listed = (reply: Reply) => JSON.stringify((reply.body.targets ?? []).map((t: { model: string; weight: number }) => ({ model: t.model, weight: t.weight })));
    await Promise.all(
      processes.map((process) =>
        waitUntil(() => this.serving(process, 'GET', '/v1/models/support-bot', this.key.key), (reply) => listed(reply) === JSON.stringify(targets), {
          timeoutMs: 30_000,
          intervalMs: 50,
          what: `support-bot served as ${JSON.stringify(targets)}`,
        }),
      ),
    );
    return Date.now() - started;
  }

  /** The model each request's usage row names, once every request's usage is recorded. */
  async usageModels(requestIds: string[]): Promise<Record<string, string>> {
    const rows = await waitUntil(
      () => this.harness.rows<{ request_id: string; model: string }>('SELECT request_id, model FROM usage_records WHERE request_id = ANY($1)', [requestIds]),
      (found) => found.length === requestIds.length,
      { what: `usage of ${requestIds.length} requests recorded` },
    );
    return Object.fromEntries(rows.map((r) => [r.request_id, r.model]));
  }

  /** The model each request's usage.recorded event names. */
  async usageEventModels(requestIds: string[]): Promise<Record<string, string>> {
    const rows = await this.harness.rows<{ request_id: string; model: string }>(
      `SELECT payload->'data'->>'requestId' AS request_id, payload->'data'->>'model' AS model FROM outbox_events WHERE topic = $1 AND payload->'data'->>'requestId' = ANY($2)`,
      [TOPICS.usageRecorded, requestIds],
    );
    return Object.fromEntries(rows.map((r) => [r.request_id, r.model]));
  }

  servingRows<Row>(sql: string, values: unknown[] = []): Promise<Row[]> {
    return this.harness.rows<Row>(sql, values);
  }

  private processes(): ServiceProcess[] {
    return [this.harness.serving, ...this.harness.stack.workers];
  }

  /** A key with both scopes, replicated into serving (issueKey waits for that) and training-service. */
  private async issueKey(): Promise<TenantKey> {
    const key = await this.harness.issueKey(undefined, ['serving', 'training']);
    await waitUntil(() => this.trainingRows('SELECT 1 FROM api_key_replicas WHERE id = $1', [key.apiKeyId]), (rows) => rows.length === 1, {
      timeoutMs: 30_000,
      what: `apikey.created ${key.apiKeyId} in training-service`,
    });
    return key;
  }

  private recordInTraining(tenantId: string, id: string, name: string, artifactKey: string, artifactSha256: string): Promise<unknown> {
    return this.trainingRows(
      `INSERT INTO models (id, tenant_id, name, job_id, artifact_blob_key, artifact_sha256, weights_blob_key, tokenizer_blob_key, config, metrics, files)
       VALUES ($1, $2, $3, $4, $5, $6, $5, $5, '{}'::jsonb, '{}'::jsonb, '[]'::jsonb)`,
      [id, tenantId, name, randomUUID(), artifactKey, artifactSha256],
    );
  }

  private trainingRows<Row>(sql: string, values: unknown[]): Promise<Row[]> {
    return queryRows<Row>(this.harness.stack.database('training-service').url, sql, values);
  }
}

async function call(url: string, method: string, key: string, json?: object): Promise<Reply> {
  const response = await fetch(url, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(json ? { 'content-type': 'application/json' } : {}) },
    body: json ? JSON.stringify(json) : undefined,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}
