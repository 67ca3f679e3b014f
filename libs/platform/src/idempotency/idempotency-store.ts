import { SqlExecutor } from '../database/sql-client';

export type IdempotencyRecordKey = { scopeHash: string; keyHash: string };

export type IdempotencyClaim =
  | { kind: 'claimed' }
  | { kind: 'other-request' }
  | { kind: 'in-flight' }
  | { kind: 'done'; status: number; response: Buffer | null; contentHash: string | null };

type Row = { fingerprint: string; content_hash: string | null; state: string; locked_until: Date; status: number | null; response: Buffer | null; lease_over: boolean };

/**
 * The idempotency_keys table of the service's own database (see platform.prisma). Postgres rather than Redis: a
 * record must outlive a Redis failover or eviction for its 24 hours, or a retry after one would create a second
 * training job; the claim is one INSERT … ON CONFLICT DO NOTHING, atomic across replicas. Times are the database's.
 */
export class IdempotencyStore {
  private lastPurge = 0;

  constructor(private readonly db: SqlExecutor) {}

  /** Claims the key for a request with this fingerprint, or says what became of the key's first request. */
  async claim({ scopeHash, keyHash }: IdempotencyRecordKey, fingerprint: string, leaseMs: number, ttlMs: number): Promise<IdempotencyClaim> {
    await this.purgeExpired();
    await this.db.$executeRawUnsafe(`DELETE FROM idempotency_keys WHERE scope_hash = $1 AND key_hash = $2 AND expires_at <= now()`, scopeHash, keyHash);
    const inserted = await this.db.$executeRawUnsafe(
      `INSERT INTO idempotency_keys (scope_hash, key_hash, fingerprint, state, locked_until, expires_at)
       VALUES ($1, $2, $3, 'in_flight', now() + make_interval(secs => $4::float8 / 1000), now() + make_interval(secs => $5::float8 / 1000))
       ON CONFLICT DO NOTHING`,
      scopeHash,
      keyHash,
      fingerprint,
      leaseMs,
      ttlMs,
    );
    if (inserted === 1) return { kind: 'claimed' };
    const [row] = await this.db.$queryRawUnsafe<Row[]>(
      `SELECT fingerprint, content_hash, state, locked_until, status, response, locked_until <= now() AS lease_over
         FROM idempotency_keys WHERE scope_hash = $1 AND key_hash = $2`,
      scopeHash,
      keyHash,
    );
    if (!row) return this.claim({ scopeHash, keyHash }, fingerprint, leaseMs, ttlMs);
    if (row.fingerprint !== fingerprint) return { kind: 'other-request' };
    if (row.state === 'done') return { kind: 'done', status: row.status ?? 500, response: row.response, contentHash: row.content_hash };
    if (!row.lease_over) return { kind: 'in-flight' };
    // The first request's process died mid-request (its lease ran out): this retry takes it over, once.
    const taken = await this.db.$executeRawUnsafe(
      `UPDATE idempotency_keys SET locked_until = now() + make_interval(secs => $3::float8 / 1000)
        WHERE scope_hash = $1 AND key_hash = $2 AND state = 'in_flight' AND locked_until = $4`,
      scopeHash,
      keyHash,
      leaseMs,
      row.locked_until,
    );
    return taken === 1 ? { kind: 'claimed' } : { kind: 'in-flight' };
  }

  /** Keeps the first response (null: it could not be kept, e.g. a stream) for replays. */
  async complete({ scopeHash, keyHash }: IdempotencyRecordKey, status: number, sealedResponse: Buffer | null): Promise<void> {
    await this.db.$executeRawUnsafe(
      `UPDATE idempotency_keys SET state = 'done', status = $3, response = $4, locked_until = now() WHERE scope_hash = $1 AND key_hash = $2 AND state = 'in_flight'`,
      scopeHash,
      keyHash,
      status,
      sealedResponse,
    );
  }

  /** Forgets an unfinished claim (the request failed before its effect), so a retry runs afresh. */
  async release({ scopeHash, keyHash }: IdempotencyRecordKey): Promise<void> {
    await this.db.$executeRawUnsafe(`DELETE FROM idempotency_keys WHERE scope_hash = $1 AND key_hash = $2 AND state = 'in_flight'`, scopeHash, keyHash);
  }

  /** Records the content a streamed upload carried, for its retries to be compared against. */
  async bindContent({ scopeHash, keyHash }: IdempotencyRecordKey, contentHash: string): Promise<void> {
    await this.db.$executeRawUnsafe(
      `UPDATE idempotency_keys SET content_hash = $3 WHERE scope_hash = $1 AND key_hash = $2 AND state = 'in_flight'`,
      scopeHash,
      keyHash,
      contentHash,
    );
  }

  /** At most once a minute per process, and a bounded batch: expired records go without a scheduler. */
  private async purgeExpired(): Promise<void> {
    if (Date.now() - this.lastPurge < 60_000) return;
    this.lastPurge = Date.now();
    await this.db.$executeRawUnsafe(`DELETE FROM idempotency_keys WHERE ctid IN (SELECT ctid FROM idempotency_keys WHERE expires_at <= now() LIMIT 1000)`);
  }
}
