import { ServiceStack } from '@llmchain/testing';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DashboardServer } from './dashboard-server';
import { settleAll } from './settle-all';

export const ADMIN = { email: 'admin@dashboard.test', password: 'dashboard admin password' };

/**
 * Every service the dashboard talks to, and a training worker, in one fresh stack sharing one blob store (a trained
 * model travels from training to serving through it), plus the dashboard server in front of them.
 */
export class DashboardStack {
  readonly stack = new ServiceStack();
  readonly dashboard = new DashboardServer();
  readonly dir = mkdtempSync(path.join(tmpdir(), 'dashboard-'));

  /** dataEnv: data-service settings a suite needs on top (a crawl of a loopback site needs CRAWL_ALLOW_PRIVATE_TARGETS). */
  constructor(private readonly dataEnv: Record<string, string> = {}) {}

  async start(): Promise<void> {
    const blobs = { BLOB_STORE_DIR: path.join(this.dir, 'blobs') };
    await this.stack.add('billing-service', {
      BOOTSTRAP_ADMIN_EMAIL: ADMIN.email,
      BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password,
      // Webhooks on: a fresh sealing key, and endpoints on loopback (the suite's receiver) allowed.
      WEBHOOK_SECRET_KEY: randomBytes(32).toString('base64'),
      WEBHOOK_ALLOW_PRIVATE_TARGETS: 'loopback',
      LOG_LEVEL: 'warn',
    });
    await this.stack.add('data-service', { ...blobs, LOG_LEVEL: 'warn', ...this.dataEnv });
    await this.stack.add('serving-service', {
      ...blobs,
      MODELS_DIR: path.join(this.dir, 'models'),
      MODEL_CACHE_DIR: path.join(this.dir, 'serving-cache'),
      LOG_LEVEL: 'warn',
    });
    const training = { ...blobs, TRAINING_WORK_DIR: path.join(this.dir, 'training-work'), LOG_LEVEL: 'warn' };
    await this.stack.add('training-service', training);
    await this.stack.addWorker('training-service', 'worker.ts', training);
    // The dashboard server only needs the services' ports, known once they are added: it boots beside them.
    await settleAll([this.stack.startAll(), this.dashboard.start(this.stack)]);
  }

  async teardown(): Promise<void> {
    await this.dashboard.stop();
    await this.stack.teardown();
    rmSync(this.dir, { recursive: true, force: true });
  }

  logs(): string {
    return [...this.stack.services.values(), ...this.stack.workers].map((s) => `--- ${s.name} ${s.entry}\n${s.tail(20)}`).join('\n') + `\n--- dashboard\n${this.dashboard.output.join('').slice(-2000)}`;
  }
}
