import {
  API_KEY_REPLICAS_CHANNEL,
  API_KEY_REPLICA_TABLES,
  ApiKeyReplicaRepository,
  ApiKeyRow,
  ApiKeyVerifier,
  generateApiKeySecret,
  LISTENER_APPLICATION_NAME,
  PgNotifications,
  PgSqlClient,
  SqlExecutor,
  VerifiedKeyCache,
} from '@llmchain/platform';
import { createEmptyDatabase, REPO_ROOT, TestDatabase, waitUntil } from '@llmchain/testing';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import pino from 'pino';

/**
 * ApiKeyVerifier with a VerifiedKeyCache over a real migrated replica (data-service's tables and their triggers): a
 * repeated key costs no query; a committed revocation empties the cache; while the LISTEN connection is down every
 * request queries again.
 */
const HEARTBEAT_MS = 400;

describe('the verified-key cache', () => {
  const repository = new ApiKeyReplicaRepository();
  let database: TestDatabase;
  let sql: PgSqlClient;
  let notifications: PgNotifications;
  let verifier: ApiKeyVerifier;
  let queries = 0;
  /** Changes this process has heard of, as the cache hears them. */
  let heard = 0;
  /** Times the LISTEN connection was found lost. */
  let lost = 0;

  beforeAll(async () => {
    database = await createEmptyDatabase('llmchain_verified_key_cache');
    execFileSync('bash', ['tools/prisma.sh', 'data-service', 'migrate', 'deploy'], { cwd: REPO_ROOT, env: { ...process.env, DATABASE_URL: database.url }, stdio: 'pipe' });
    const logger = pino({ level: 'silent' });
    sql = new PgSqlClient({ connectionString: database.url, max: 2 }, logger);
    const counting: SqlExecutor = {
      $executeRawUnsafe: (query, ...values) => sql.$executeRawUnsafe(query, ...values),
      $queryRawUnsafe: <T>(query: string, ...values: unknown[]) => {
        queries += 1;
        return sql.$queryRawUnsafe<T>(query, ...values);
      },
    };
    notifications = new PgNotifications(database.url, logger, { connectTimeoutMs: 5_000, heartbeatMs: HEARTBEAT_MS });
    notifications.subscribe(API_KEY_REPLICAS_CHANNEL, { onNotify: () => void (heard += 1), onLost: () => void (lost += 1) });
    verifier = new ApiKeyVerifier(counting, API_KEY_REPLICA_TABLES, { cache: new VerifiedKeyCache<ApiKeyRow>(notifications) });
    await notifications.start();
  });
  afterAll(async () => {
    await notifications?.stop();
    await sql?.end();
    await database?.drop();
  });

  /** A key created and its creation heard: a cache emptied by it later would not show what a test means to. */
  const issue = async () => {
    const { key, prefix, secretHash } = generateApiKeySecret();
    const data = { tenantId: `tenant-${randomUUID()}`, apiKeyId: randomUUID(), prefix, secretHash, scopes: ['serving' as const], expiresAt: null };
    const heardBefore = heard;
    await sql.$transaction((tx) => repository.created(tx, data));
    await waitUntil(() => Promise.resolve(heard), (count) => count > heardBefore, { intervalMs: 1, timeoutMs: 5_000, what: 'the creation heard' });
    return { key, ...data };
  };

  it('reads a key once, and again after a committed revocation', async () => {
    const issued = await issue();
    const before = queries;
    expect(await verifier.verify(issued.key, 'serving')).toMatchObject({ ok: true });
    expect(await verifier.verify(issued.key, 'serving')).toMatchObject({ ok: true });
    expect(queries - before).toBe(1);
    await sql.$transaction((tx) => repository.revoked(tx, { tenantId: issued.tenantId, apiKeyId: issued.apiKeyId }));
    await waitUntil(() => verifier.verify(issued.key, 'serving'), (verdict) => !verdict.ok, { intervalMs: 1, timeoutMs: 5_000, what: 'the revocation heard' });
    expect(await verifier.verify(issued.key, 'serving')).toEqual({ ok: false, reason: 'revoked' });
  });

  it('queries on every request while the LISTEN connection is down, and caches again once it is back', async () => {
    const issued = await issue();
    await notifications.stop();
    const before = queries;
    for (let i = 0; i < 3; i++) expect(await verifier.verify(issued.key, 'serving')).toMatchObject({ ok: true });
    expect(queries - before).toBe(3);
    await notifications.start();
    await waitUntil(() => Promise.resolve(notifications.listening), Boolean, { timeoutMs: 5_000, what: 'listening again' });
    const after = queries;
    for (let i = 0; i < 3; i++) expect(await verifier.verify(issued.key, 'serving')).toMatchObject({ ok: true });
    expect(queries - after).toBe(1);
  });

  it('stops trusting a LISTEN connection whose server stopped answering, without waiting for the socket to close', async () => {
    const issued = await issue();
    const [{ pid }] = await sql.$queryRawUnsafe<{ pid: number }[]>(
      `SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()`,
      LISTENER_APPLICATION_NAME,
    );
    expect(await verifier.verify(issued.key, 'serving')).toMatchObject({ ok: true });
    const lostBefore = lost;
    // A backend that no longer answers, its socket open: what a vanished host or a dropped firewall state looks like.
    process.kill(pid, 'SIGSTOP');
    try {
      await waitUntil(() => Promise.resolve(lost), (count) => count > lostBefore, { intervalMs: 10, timeoutMs: 5 * HEARTBEAT_MS, what: 'the silent connection found dead' });
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    // What it held is dropped (a change may have gone unheard); a new connection listens, and the key is read again.
    await waitUntil(() => Promise.resolve(notifications.listening), Boolean, { timeoutMs: 5_000, what: 'listening again on a new connection' });
    const before = queries;
    for (let i = 0; i < 2; i++) expect(await verifier.verify(issued.key, 'serving')).toMatchObject({ ok: true });
    expect(queries - before).toBe(1);
  });
});
