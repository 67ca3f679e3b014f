import { TOPICS } from '@llmchain/contracts';
import { ServiceProcess, waitUntil } from '@llmchain/testing';
import path from 'node:path';
import { ServingHarness, TenantKey } from './serving-harness';

/**
 * Two serving processes on one database, each caching the key rows it has read: a revocation or a suspension that one
 * of them consumes (they share the consumer group, so only one does) is refused by both once the commit's notification
 * has reached them (Postgres delivers it after the commit, so milliseconds after the row is in the table, more on a
 * loaded machine: a full run once saw both still answer from their caches right after the row was seen), although
 * both had just answered the key from their caches.
 */
describe('verified API keys cached in every serving process', () => {
  const harness = new ServingHarness();
  let processes: ServiceProcess[];

  beforeAll(async () => {
    let second!: ServiceProcess;
    await harness.start({}, async () => {
      const dirs = { MODELS_DIR: harness.modelsDir, BLOB_STORE_DIR: path.join(harness.modelsDir, 'blobs') };
      second = await harness.stack.addWorker('serving-service', 'main.ts', { ...dirs, MODEL_CACHE_DIR: path.join(harness.modelsDir, 'cache-2') });
    });
    processes = [harness.serving, second];
  });
  afterAll(() => harness.teardown());

  const listModels = (process: ServiceProcess, key: string) => fetch(`${process.baseUrl}/v1/models`, { headers: { authorization: `Bearer ${key}` } });
  /** Both processes answer the key twice: the second answer of each comes from its cache. */
  const answeredByBoth = async (key: TenantKey) => {
    for (const process of [...processes, ...processes]) expect((await listModels(process, key.key)).status).toBe(200);
  };
  const statuses = (key: TenantKey) => Promise.all(processes.map(async (process) => (await listModels(process, key.key)).status));
  /** Both processes answer `status`, within the bound a notification may take to arrive. */
  const answeredByBothWith = (key: TenantKey, status: number) =>
    waitUntil(() => statuses(key), (both) => both.every((s) => s === status), { timeoutMs: 5_000, intervalMs: 20, what: `${status} from both processes` });

  it('refuses a revoked key in both processes once the revocation’s notification has reached them', async () => {
    const key = await harness.issueKey();
    await answeredByBoth(key);
    await harness.publish(TOPICS.apiKeyRevoked, { tenantId: key.tenantId, apiKeyId: key.apiKeyId }, key.tenantId);
    await waitUntil(() => harness.rows('SELECT 1 FROM api_key_replicas WHERE id = $1 AND revoked_at IS NOT NULL', [key.apiKeyId]), (rows) => rows.length === 1, {
      intervalMs: 20,
      what: 'the revocation in the replica',
    });
    await answeredByBothWith(key, 401);
  });

  it('refuses a suspended tenant’s key in both processes once the suspension’s notification has reached them, and serves it again after', async () => {
    const key = await harness.issueKey();
    await answeredByBoth(key);
    const change = (status: 'active' | 'suspended', statusVersion: number) =>
      harness.publish(TOPICS.tenantStatusChanged, { tenantId: key.tenantId, status, reason: null, statusVersion, changedAt: new Date().toISOString() }, key.tenantId);
    const applied = (statusVersion: number) =>
      waitUntil(() => harness.rows('SELECT 1 FROM tenant_status_replicas WHERE tenant_id = $1 AND status_version = $2', [key.tenantId, statusVersion]), (rows) => rows.length === 1, {
        intervalMs: 20,
        what: `tenant status version ${statusVersion} in the replica`,
      });
    await change('suspended', 1);
    await applied(1);
    await answeredByBothWith(key, 403);
    await change('active', 2);
    await applied(2);
    await answeredByBothWith(key, 200);
  });
});
