import { TOPICS } from '@llmchain/contracts';
import { directoryArtifactSha256, generateApiKeySecret } from '@llmchain/platform';
import { queryRows, ServiceProcess, ServiceStack, testKafka, waitUntil } from '@llmchain/testing';
import { Partitioners, Producer } from 'kafkajs';
import type { GptConfig } from '@llmchain/model-runtime';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import OpenAI from 'openai';
import { exportTinyModel } from './tiny-model';

export type TenantKey = { tenantId: string; apiKeyId: string; key: string };

/**
 * serving-service in a fresh stack, with the events billing and training would send published by the test itself
 * onto the stack's namespaced topics.
 */
export class ServingHarness {
  readonly stack = new ServiceStack();
  readonly modelsDir = mkdtempSync(path.join(tmpdir(), 'serving-models-'));
  private readonly producer: Producer = testKafka('serving-tests').producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  serving!: ServiceProcess;

  /** `adjust` may change the service's environment once its database exists (to point it through a TcpGate, say). */
  async start(env: Record<string, string> = {}, adjust: (env: Record<string, string>) => Promise<void> | void = () => undefined): Promise<void> {
    this.serving = await this.stack.add('serving-service', {
      MODELS_DIR: this.modelsDir,
      BLOB_STORE_DIR: path.join(this.modelsDir, 'blobs'),
      MODEL_CACHE_DIR: path.join(this.modelsDir, 'cache'),
      ...env,
    });
    await adjust(this.serving.env);
    await this.stack.startAll();
    await this.producer.connect();
  }

  async teardown(): Promise<void> {
    await this.producer.disconnect().catch(() => undefined);
    await this.stack.teardown();
    rmSync(this.modelsDir, { recursive: true, force: true });
  }

  async publish(topic: string, data: object, key: string, version = 1): Promise<void> {
    const event = { id: randomUUID(), type: topic, version, occurredAt: new Date().toISOString(), producer: 'tests', data };
    await this.producer.send({ topic: `${this.stack.topicPrefix}${topic}`, acks: -1, messages: [{ key, value: JSON.stringify(event) }] });
  }

  /** A key as billing would issue it: only its hash travels in apikey.created. */
  async issueKey(tenantId = `tenant-${randomUUID()}`, scopes = ['serving']): Promise<TenantKey> {
    const { key, prefix, secretHash } = generateApiKeySecret();
    const apiKeyId = randomUUID();
    await this.publish(TOPICS.apiKeyCreated, { tenantId, apiKeyId, prefix, secretHash, scopes, expiresAt: null }, tenantId);
    await waitUntil(() => this.rows('SELECT 1 FROM api_key_replicas WHERE id = $1', [apiKeyId]), (rows) => rows.length === 1, {
      timeoutMs: 30_000,
      what: `apikey.created ${apiKeyId} in the replica`,
    });
    return { tenantId, apiKeyId, key };
  }

  /** A tenant with its own model and the given per-minute limits (billing's quota.updated), and a fresh key of it. */
  async tenantWithLimits(model: string, contextLength: number, requestsPerMinute: number, tokensPerMinute: number): Promise<TenantKey> {
    const owner = await this.issueKey();
    await this.publish(TOPICS.quotaUpdated, { tenantId: owner.tenantId, remainingIncludedTokens: 1_000_000, hardStop: false, requestsPerMinute, tokensPerMinute }, owner.tenantId);
    await waitUntil(() => this.rows('SELECT 1 FROM tenant_quotas WHERE tenant_id = $1', [owner.tenantId]), (rows) => rows.length === 1, { what: 'the quota recorded' });
    await this.registerModel(owner.tenantId, model, { contextLength });
    return this.issueKey(owner.tenantId);
  }

  /** Exports a tiny model, announces it with model.registered, and waits until it answers. */
  async registerModel(tenantId: string, name: string, config: Partial<GptConfig> = {}, artifactKey = `models/${randomUUID()}`): Promise<void> {
    await exportTinyModel(this.modelsDir, artifactKey, config);
    await this.announceModel(tenantId, name, artifactKey);
    await this.waitModelReady(tenantId, name);
  }

  /** Waits until the model answers (a restarted process loads its models after it reports ready). */
  async waitModelReady(tenantId: string, name: string): Promise<void> {
    await waitUntil(() => this.probeModel(tenantId, name), (status) => status === 200, { timeoutMs: 60_000, what: `model ${name} ready` });
  }

  /** Announces the directory <modelsDir>/<artifactKey> with its artifact SHA-256 (unless given one: a missing or wrong one). */
  async announceModel(tenantId: string, name: string, artifactKey: string, artifactSha256?: string): Promise<void> {
    await this.publish(
      TOPICS.modelRegistered,
      {
        tenantId,
        modelId: randomUUID(),
        name,
        trainingJobId: randomUUID(),
        datasetVersionId: randomUUID(),
        artifactBlobKey: artifactKey,
        artifactSha256: artifactSha256 ?? (await this.artifactSha256(artifactKey)),
        contextLength: 128,
      },
      tenantId,
    );
  }

  /** What training-service would announce for a directory under modelsDir. */
  artifactSha256(artifactKey: string): Promise<string> {
    return directoryArtifactSha256(path.join(this.modelsDir, artifactKey));
  }

  client(key: string): OpenAI {
    return new OpenAI({ apiKey: key, baseURL: `${this.serving.baseUrl}/v1`, maxRetries: 0 });
  }

  /** One sample of the service's /metrics: a series' value (0 when absent). */
  async metric(series: string): Promise<number> {
    const text = await (await fetch(`${this.serving.baseUrl}/metrics`)).text();
    const line = text.split('\n').find((l) => l.startsWith(`${series} `));
    return line ? Number(line.slice(series.length + 1)) : 0;
  }

  rows<Row>(sql: string, values: unknown[] = []): Promise<Row[]> {
    return queryRows<Row>(this.stack.database('serving-service').url, sql, values);
  }

  /** The status a one-token completion gets, using a throwaway key of the tenant's (200 once the model is ready). */
  private probeKeys = new Map<string, string>();
  private async probeModel(tenantId: string, name: string): Promise<number> {
    let key = this.probeKeys.get(tenantId);
    if (!key) {
      key = (await this.issueKey(tenantId)).key;
      this.probeKeys.set(tenantId, key);
    }
    const response = await fetch(`${this.serving.baseUrl}/v1/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: name, prompt: 'the', max_tokens: 1 }),
    });
    await response.text();
    return response.status;
  }
}
