import { TOPICS } from '@llmchain/contracts';
import { directoryArtifactSha256, LiveCreditBalance } from '@llmchain/platform';
import { infraEnv, queryRows, ServiceProcess, ServiceStack, waitUntil } from '@llmchain/testing';
import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { exportTinyModel } from '../serving/tiny-model';
import { addBilling, BillingApi, billingRows } from './billing-api';
import { UsageProducer } from './usage-producer';

export const MAX_TOKENS = 24;

export type Completion = { status: number; code?: string; message?: string; totalTokens: number; promptTokens: number };

/**
 * billing-service and two serving-service processes on one Redis and Kafka, with a test producer onto the stack's
 * topics: what credits and budgets need to be checked end to end, where admission happens.
 */
export class AdmissionStack {
  readonly stack = new ServiceStack();
  readonly modelsDir = mkdtempSync(path.join(tmpdir(), 'admission-models-'));
  readonly redis = new Redis(infraEnv().REDIS_URL, { lazyConnect: true });
  readonly live = new LiveCreditBalance(this.redis);
  api!: BillingApi;
  servings!: ServiceProcess[];
  admin!: string;
  producer!: UsageProducer;

  async start(billingEnv: Record<string, string> = {}): Promise<void> {
    this.api = await addBilling(this.stack, billingEnv);
    const servingEnv = { MODELS_DIR: this.modelsDir, BLOB_STORE_DIR: path.join(this.modelsDir, 'blobs'), MODEL_CACHE_DIR: path.join(this.modelsDir, 'cache'), LOG_LEVEL: 'warn' };
    this.servings = [await this.stack.add('serving-service', servingEnv), await this.stack.addWorker('serving-service', 'main.ts', servingEnv)];
    await this.stack.startAll();
    await this.redis.connect();
    this.admin = await this.api.loginAdmin();
    this.producer = new UsageProducer(this.stack.topicPrefix);
    await this.producer.connect();
  }

  async teardown(): Promise<void> {
    await this.producer?.disconnect();
    await this.redis.quit();
    await this.stack.teardown();
    rmSync(this.modelsDir, { recursive: true, force: true });
  }

  /** A tenant subscribed from today to the plan, with a serving key. */
  async tenant(name: string, planId: string): Promise<{ id: string; key: string; keyId: string }> {
    const tenant = await this.api.call('POST', '/admin/tenants', this.admin, { name });
    const key = await this.api.call('POST', `/admin/tenants/${tenant.body.id}/api-keys`, this.admin, { name: 'k', scopes: ['serving'] });
    expect((await this.api.call('PUT', `/admin/tenants/${tenant.body.id}/subscription`, this.admin, { planId })).status).toBe(200);
    return { id: tenant.body.id, key: key.body.key, keyId: key.body.id };
  }

  /** Announces a tiny model of the tenant's; both serving processes load it. */
  async registerModel(tenantId: string, name: string): Promise<void> {
    const artifactKey = `models/${randomUUID()}`;
    await exportTinyModel(this.modelsDir, artifactKey);
    const data = {
      tenantId, modelId: randomUUID(), name, trainingJobId: randomUUID(), datasetVersionId: randomUUID(),
      artifactBlobKey: artifactKey, artifactSha256: await directoryArtifactSha256(path.join(this.modelsDir, artifactKey)), contextLength: 128,
    };
    const announcement = { id: randomUUID(), type: TOPICS.modelRegistered, version: 1, occurredAt: new Date().toISOString(), producer: 'tests', data };
    await this.producer.send([announcement], TOPICS.modelRegistered);
  }

  /** Waits until the model answers on both processes with this status (a refusal proves it loaded: models are looked up first). */
  async waitForEveryProcess(key: string, model: string, status: number): Promise<Completion[]> {
    const answers: Completion[] = [];
    for (const serving of this.servings) {
      answers.push(await waitUntil(() => this.complete(serving, key, model), (c) => c.status === status, { timeoutMs: 120_000, what: `the model on ${serving.baseUrl} answering ${status}` }));
    }
    return answers;
  }

  /** One streamed completion of up to MAX_TOKENS tokens, its usage read from the stream's last chunk. */
  async complete(serving: ServiceProcess, key: string, model: string): Promise<Completion> {
    const response = await fetch(`${serving.baseUrl}/v1/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model, prompt: 'the cat sat on the mat', max_tokens: MAX_TOKENS, stream: true, stream_options: { include_usage: true } }),
    });
    const text = await response.text();
    if (response.status !== 200) {
      const error = (JSON.parse(text) as { error?: { code?: string; message?: string } }).error;
      return { status: response.status, code: error?.code, message: error?.message, totalTokens: 0, promptTokens: 0 };
    }
    const usage = text
      .split('\n')
      .filter((line) => line.startsWith('data: {'))
      .map((line) => JSON.parse(line.slice(6)) as { usage?: { total_tokens: number; prompt_tokens: number } })
      .find((chunk) => chunk.usage)?.usage;
    if (!usage) throw new Error(`a stream without usage: ${text.slice(0, 300)}`);
    return { status: 200, totalTokens: usage.total_tokens, promptTokens: usage.prompt_tokens };
  }

  /**
   * `streams` concurrent streams, each sending requests one after another, alternating between the two processes,
   * until its first refusal. Answers every answer and the largest hold (prompt + max_tokens) a request took.
   */
  async streamUntilRefused(streams: number, key: string, model: string): Promise<{ answers: Completion[]; hold: number }> {
    let hold = 0;
    const answers: Completion[] = [];
    await Promise.all(
      Array.from({ length: streams }, async (_, stream) => {
        for (let i = 0; ; i++) {
          const answer = await this.complete(this.servings[(stream + i) % 2], key, model);
          answers.push(answer);
          if (answer.status !== 200) return;
          hold = Math.max(hold, answer.promptTokens + MAX_TOKENS);
        }
      }),
    );
    return { answers, hold };
  }

  /** Requests one at a time until the first refusal: what holds gave back after the streams stopped is used up. */
  async drain(key: string, model: string): Promise<{ tokens: number; refusal: Completion }> {
    let tokens = 0;
    for (let i = 0; ; i++) {
      const answer = await this.complete(this.servings[i % 2], key, model);
      if (answer.status !== 200) return { tokens, refusal: answer };
      tokens += answer.totalTokens;
    }
  }

  async servedTokens(where: { tenantId?: string; apiKeyId?: string }): Promise<number> {
    const [column, value] = where.apiKeyId ? ['api_key_id', where.apiKeyId] : ['tenant_id', where.tenantId];
    const rows = await queryRows<{ t: string | null }>(this.stack.database('serving-service').url, `SELECT SUM(prompt_tokens + completion_tokens)::text AS t FROM usage_records WHERE ${column} = $1`, [value]);
    return Number(rows[0].t ?? 0);
  }

  async ledgerTokens(tenantId: string): Promise<number> {
    return Number((await billingRows<{ t: string | null }>(this.stack, 'SELECT SUM(tokens)::text AS t FROM usage_ledger WHERE tenant_id = $1', [tenantId]))[0].t ?? 0);
  }

  outboxData<T>(topic: string, tenantId: string): Promise<{ data: T }[]> {
    return billingRows<{ data: T }>(this.stack, `SELECT payload->'data' AS data FROM outbox_events WHERE topic = $1 AND payload->'data'->>'tenantId' = $2 ORDER BY id`, [topic, tenantId]);
  }
}
