import { TOPICS } from '@llmchain/contracts';
import { ServiceStack, testKafka } from '@llmchain/testing';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { exportTinyModel } from '../serving/tiny-model';
import { DashboardServer } from './dashboard-server';

export const ADMIN = { email: 'admin@dashboard.test', password: 'dashboard admin password' };

/** Every service the dashboard talks to, in one fresh stack, plus the dashboard server in front of them. */
export class DashboardStack {
  readonly stack = new ServiceStack();
  readonly dashboard = new DashboardServer();
  readonly dir = mkdtempSync(path.join(tmpdir(), 'dashboard-'));

  async start(): Promise<void> {
    const blobs = { BLOB_STORE_DIR: path.join(this.dir, 'blobs') };
    await this.stack.add('billing-service', { BOOTSTRAP_ADMIN_EMAIL: ADMIN.email, BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password, LOG_LEVEL: 'warn' });
    await this.stack.add('data-service', { ...blobs, LOG_LEVEL: 'warn' });
    await this.stack.add('serving-service', {
      ...blobs,
      MODELS_DIR: this.modelsDir,
      MODEL_CACHE_DIR: path.join(this.dir, 'serving-cache'),
      LOG_LEVEL: 'warn',
    });
    await this.stack.startAll();
    await this.dashboard.start(this.stack);
  }

  get modelsDir(): string {
    return path.join(this.dir, 'models');
  }

  /**
   * A tiny model for a tenant, announced on model.registered the way training-service announces the models it
   * trains, so the playground has something to chat with whatever training is doing.
   */
  async registerTinyModel(tenantId: string, name: string): Promise<void> {
    const artifactKey = `models/${randomUUID()}`;
    await exportTinyModel(this.modelsDir, artifactKey);
    const producer = testKafka('dashboard-tests').producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    try {
      const data = {
        tenantId,
        modelId: randomUUID(),
        name,
        trainingJobId: randomUUID(),
        datasetVersionId: randomUUID(),
        artifactBlobKey: artifactKey,
        artifactSha256: 'a'.repeat(64),
        contextLength: 128,
      };
      const event = { id: randomUUID(), type: TOPICS.modelRegistered, version: 1, occurredAt: new Date().toISOString(), producer: 'tests', data };
      await producer.send({ topic: `${this.stack.topicPrefix}${TOPICS.modelRegistered}`, acks: -1, messages: [{ key: tenantId, value: JSON.stringify(event) }] });
    } finally {
      await producer.disconnect();
    }
  }

  async teardown(): Promise<void> {
    await this.dashboard.stop();
    await this.stack.teardown();
    rmSync(this.dir, { recursive: true, force: true });
  }

  logs(): string {
    return [...this.stack.services.values()].map((s) => `--- ${s.name}\n${s.tail(20)}`).join('\n') + `\n--- dashboard\n${this.dashboard.output.join('').slice(-2000)}`;
  }
}
