import { timingSafeEqual } from 'node:crypto';
import { SqlExecutor } from '../database/sql-client';
import { apiKeyPrefixOf, hashApiKey } from './api-key-secret';
import { VerifiedKeyCache } from './verified-key-cache';

export type ApiKeyScope = 'serving' | 'data' | 'training' | 'keys';

/** Every scope: what a signed-in tenant user may grant. */
export const ALL_API_KEY_SCOPES: readonly ApiKeyScope[] = ['serving', 'data', 'training', 'keys'];

export type ApiKeyPrincipal = { apiKeyId: string; tenantId: string; scopes: ApiKeyScope[] };

export type ApiKeyVerdict =
  | { ok: true; principal: ApiKeyPrincipal }
  | { ok: false; reason: 'malformed' | 'unknown' | 'revoked' | 'expired' | 'tenant-suspended' | 'missing-scope' };

/** What every service answers, with 403, to a valid key of a suspended tenant. */
export const TENANT_SUSPENDED_MESSAGE = 'The tenant is suspended: its API keys and logins are refused until a platform admin reactivates it.';

/** Where a verifier reads keys, and whether their tenants are suspended. */
export type ApiKeyTables = {
  /** Columns id, tenant_id, prefix, secret_hash, scopes (text[]), expires_at and revoked_at. */
  keys: string;
  /** One row per tenant whose status is known, suspended_at (timestamptz) set while suspended; no row: active. */
  tenantStatus: string;
  /** The tenant id column of tenantStatus, of the same type as the keys' tenant_id. */
  tenantStatusIdColumn: string;
};

/** The tables a service keeps from billing's apikey.* and tenant.status.changed events. */
export const API_KEY_REPLICA_TABLES: ApiKeyTables = { keys: 'api_key_replicas', tenantStatus: 'tenant_status_replicas', tenantStatusIdColumn: 'tenant_id' };

export type ApiKeyRow = {
  id: string;
  tenant_id: string;
  secret_hash: string;
  scopes: string[];
  expires_at: Date | null;
  revoked_at: Date | null;
  tenant_suspended: boolean;
};

/**
 * Verifies a presented API key against local tables (billing's own `api_keys` and `tenants`, or the replicas another
 * service keeps from `apikey.*` and `tenant.status.changed` events), so no request needs to call billing. Both are
 * read on every request, or, with a cache, whenever a committed change to either has emptied it, so a revocation or
 * a suspension applies as soon as its commit's notification arrives (Postgres sends it after the commit: milliseconds).
 */
export class ApiKeyVerifier {
  private readonly cache?: VerifiedKeyCache<ApiKeyRow>;
  private readonly now: () => Date;

  constructor(
    private readonly db: SqlExecutor,
    private readonly tables: ApiKeyTables,
    options: { cache?: VerifiedKeyCache<ApiKeyRow>; now?: () => Date } = {},
  ) {
    for (const name of Object.values(tables)) if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`invalid table or column name ${name}`);
    this.cache = options.cache;
    this.now = options.now ?? (() => new Date());
  }

  async verify(presented: string, requiredScope?: ApiKeyScope): Promise<ApiKeyVerdict> {
    const prefix = apiKeyPrefixOf(presented);
    if (!prefix) return { ok: false, reason: 'malformed' };
    const keyHash = hashApiKey(presented);
    const row = this.cache?.get(keyHash) ?? (await this.read(prefix, keyHash));
    if (!row) return { ok: false, reason: 'unknown' };
    if (row.revoked_at) return { ok: false, reason: 'revoked' };
    if (row.expires_at && row.expires_at.getTime() <= this.now().getTime()) return { ok: false, reason: 'expired' };
    if (row.tenant_suspended) return { ok: false, reason: 'tenant-suspended' };
    const scopes = row.scopes as ApiKeyScope[];
    if (requiredScope && !scopes.includes(requiredScope)) return { ok: false, reason: 'missing-scope' };
    return { ok: true, principal: { apiKeyId: row.id, tenantId: row.tenant_id, scopes } };
  }

  /** The key's row when its secret matches the presented key's hash; undefined for an unknown key (never cached). */
  private async read(prefix: string, keyHash: string): Promise<ApiKeyRow | undefined> {
    const readSince = this.cache?.readStarts();
    const { keys, tenantStatus, tenantStatusIdColumn } = this.tables;
    const [row] = await this.db.$queryRawUnsafe<ApiKeyRow[]>(
      `SELECT k.id::text, k.tenant_id::text, k.secret_hash, k.scopes, k.expires_at, k.revoked_at, t.suspended_at IS NOT NULL AS tenant_suspended
         FROM ${keys} k LEFT JOIN ${tenantStatus} t ON t.${tenantStatusIdColumn} = k.tenant_id WHERE k.prefix = $1`,
      prefix,
    );
    if (!row || !sameHash(row.secret_hash, keyHash)) return undefined;
    if (readSince !== undefined) this.cache?.set(keyHash, row, readSince);
    return row;
  }
}

function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}
