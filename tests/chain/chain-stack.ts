import { queryRows, ServiceName, ServiceStack, waitUntil } from '@llmchain/testing';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { RawReply, sendRaw } from './raw-http';

export const ADMIN = { email: 'admin@chain.test', password: 'chain admin password 1' };

const BOOT_TIMEOUT_MS = 180_000;

export const CHAIN_SERVICES: readonly ServiceName[] = ['billing-service', 'data-service', 'serving-service', 'training-service'];

/** A tenant made through billing's admin API, with one key carrying every scope. */
export type Tenant = { id: string; name: string; key: string; keyId: string };

export type CallOptions = { token?: string | null; json?: unknown; headers?: Record<string, string> };

/**
 * Every service in one stack on one Kafka namespace and one blob store, as production runs them: billing issues the
 * keys, and the other services learn them from apikey.* events.
 */
export class ChainStack {
  readonly stack = new ServiceStack();
  readonly dir = mkdtempSync(path.join(tmpdir(), 'chain-'));
  adminToken = '';

  /** `blobs`: where every service keeps its blobs (a BLOB_STORE=s3 bucket's settings); a local directory by default. */
  constructor(private readonly blobs: Record<string, string> = {}) {}

  async start(): Promise<void> {
    const blobs = { BLOB_STORE_DIR: path.join(this.dir, 'blobs'), ...this.blobs };
    // Nest's "Mapped {…} route" lines are info; the route table check reads them.
    const logs = { LOG_LEVEL: 'info' };
    // Webhook endpoints on loopback, so the seeded tenant's endpoint (a refused port) logs deliveries.
    const webhooks = { WEBHOOK_SECRET_KEY: randomBytes(32).toString('base64'), WEBHOOK_ALLOW_PRIVATE_TARGETS: 'loopback' };
    await this.stack.add('billing-service', { ...logs, ...webhooks, BOOTSTRAP_ADMIN_EMAIL: ADMIN.email, BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password });
    await this.stack.add('data-service', { ...logs, ...blobs, UPLOAD_MAX_BYTES: String(2_000_000) });
    await this.stack.add('serving-service', {
      ...logs,
      ...blobs,
      MODELS_DIR: path.join(this.dir, 'models'),
      MODEL_CACHE_DIR: path.join(this.dir, 'serving-cache'),
    });
    const training = { ...logs, ...blobs, TRAINING_WORK_DIR: path.join(this.dir, 'training-work') };
    await this.stack.add('training-service', training);
    await this.stack.addWorker('training-service', 'worker.ts', training);
    // Ten processes boot at once when both chain suites run side by side: more than startAll's minute on two cores.
    const processes = [...this.stack.services.values(), ...this.stack.workers];
    for (const process of processes) process.start();
    await Promise.all(processes.map((p) => p.waitReady(BOOT_TIMEOUT_MS)));
    const login = await this.call('billing-service', 'POST', '/auth/login', { json: ADMIN });
    if (login.status !== 200) throw new Error(`admin login failed: ${login.status} ${login.text}`);
    this.adminToken = (login.json as { token: string }).token;
  }

  async teardown(): Promise<void> {
    await this.stack.teardown();
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** The four services' addresses, as runChain takes them. */
  urls(): { data: string; training: string; serving: string; billing: string } {
    const [data, training, serving, billing] = (['data-service', 'training-service', 'serving-service', 'billing-service'] as const).map((s) => this.baseUrl(s));
    return { data, training, serving, billing };
  }

  baseUrl(service: ServiceName): string {
    return this.stack.get(service).baseUrl;
  }

  modelsDir(): string {
    return path.join(this.dir, 'models');
  }

  call(service: ServiceName, method: string, path: string, { token, json, headers = {} }: CallOptions = {}): Promise<RawReply> {
    const all = { ...headers };
    if (token) all.authorization = `Bearer ${token}`;
    if (json !== undefined) all['content-type'] = 'application/json';
    return sendRaw(this.baseUrl(service), { method, path, headers: all, body: json === undefined ? undefined : JSON.stringify(json) });
  }

  /** Calls that must succeed while setting a test up: anything else stops it with the reply. */
  async expectOk<T = any>(service: ServiceName, method: string, path: string, options: CallOptions = {}): Promise<T> {
    const reply = await this.call(service, method, path, options);
    if (reply.status < 200 || reply.status > 299) throw new Error(`${method} ${path} on ${service}: ${reply.status} ${reply.text.slice(0, 500)}`);
    return reply.json as T;
  }

  /** A multipart upload (`form`) that must answer one of `accepted` while setting a test up: anything else stops it. */
  async expectUploaded<T = any>(service: ServiceName, pathAndQuery: string, token: string, form: FormData, accepted = [201]): Promise<T> {
    const response = await fetch(`${this.baseUrl(service)}${pathAndQuery}`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
    if (!accepted.includes(response.status)) throw new Error(`POST ${pathAndQuery} on ${service}: ${response.status} ${(await response.text()).slice(0, 500)}`);
    return (await response.json()) as T;
  }

  /** A tenant and a key with every scope (keys too), once every service that authenticates tenants has its replica of the key. */
  async createTenant(name: string): Promise<Tenant> {
    const admin = { token: this.adminToken };
    const tenant = await this.expectOk<{ id: string }>('billing-service', 'POST', '/admin/tenants', { ...admin, json: { name } });
    const key = await this.expectOk<{ id: string; key: string }>('billing-service', 'POST', `/admin/tenants/${tenant.id}/api-keys`, {
      ...admin,
      json: { name: 'chain', scopes: ['serving', 'data', 'training', 'keys'] },
    });
    await this.waitForKey(key.key);
    return { id: tenant.id, name, key: key.key, keyId: key.id };
  }

  /** Waits until data, serving and training accept the key (each reads its own replica of billing's keys). */
  async waitForKey(key: string): Promise<void> {
    const probes: [ServiceName, string][] = [
      ['data-service', '/corpora'],
      ['serving-service', '/v1/models'],
      ['training-service', '/v1/training/jobs'],
    ];
    for (const [service, path] of probes) {
      await waitUntil(() => this.call(service, 'GET', path, { token: key }).then((r) => r.status), (status) => status === 200, {
        timeoutMs: 60_000,
        what: `${service} to accept a new key`,
      });
    }
  }

  rows<Row>(service: ServiceName, sql: string, values: unknown[] = []): Promise<Row[]> {
    return queryRows<Row>(this.stack.database(service).url, sql, values);
  }

  /** Rows per table in every service's database, as `service.table` → count. */
  async rowCounts(): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const service of CHAIN_SERVICES) {
      const tables = await this.rows<{ name: string }>(
        service,
        `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY 1`,
      );
      if (tables.length === 0) continue;
      const sql = tables.map((t) => `SELECT '${t.name}' AS name, count(*)::int AS rows FROM "${t.name}"`).join(' UNION ALL ');
      for (const row of await this.rows<{ name: string; rows: number }>(service, sql)) counts[`${service}.${row.name}`] = row.rows;
    }
    return counts;
  }

  /**
   * Row counts once nothing changes for 1.5 s: events from the setup (key replicas, the model registration) may
   * still be landing when a test starts.
   */
  async settledRowCounts(): Promise<Record<string, number>> {
    let previous = await this.rowCounts();
    return waitUntil(
      async () => {
        await new Promise((resolve) => setTimeout(resolve, 1_500));
        const current = await this.rowCounts();
        const settled = JSON.stringify(current) === JSON.stringify(previous);
        previous = current;
        return settled ? current : null;
      },
      (counts) => counts !== null,
      { timeoutMs: 60_000, intervalMs: 0, what: 'row counts to settle' },
    ) as Promise<Record<string, number>>;
  }
}
