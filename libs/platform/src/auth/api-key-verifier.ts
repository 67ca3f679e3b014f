import { timingSafeEqual } from 'node:crypto';
import { SqlExecutor } from '../database/sql-client';
import { apiKeyPrefixOf, hashApiKey } from './api-key-secret';

export type ApiKeyScope = 'serving' | 'data' | 'training';

export type ApiKeyPrincipal = { apiKeyId: string; tenantId: string; scopes: ApiKeyScope[] };

export type ApiKeyVerdict =
  | { ok: true; principal: ApiKeyPrincipal }
  | { ok: false; reason: 'malformed' | 'unknown' | 'revoked' | 'expired' | 'missing-scope' };

type ApiKeyRow = {
  id: string;
  tenant_id: string;
  secret_hash: string;
  scopes: string[];
  expires_at: Date | null;
  revoked_at: Date | null;
};

/**
 * Verifies a presented API key against a local table of key hashes (billing's own `api_keys`, or a replica another
 * service keeps from `apikey.*` events), so no request needs to call billing. The table needs the columns
 * id, tenant_id, prefix, secret_hash, scopes (text[]), expires_at and revoked_at.
 */
export class ApiKeyVerifier {
  constructor(
    private readonly db: SqlExecutor,
    private readonly table = 'api_keys',
    private readonly now: () => Date = () => new Date(),
  ) {
    if (!/^[a-z_][a-z0-9_]*$/.test(table)) throw new Error(`invalid API key table name ${table}`);
  }

  async verify(presented: string, requiredScope?: ApiKeyScope): Promise<ApiKeyVerdict> {
    const prefix = apiKeyPrefixOf(presented);
    if (!prefix) return { ok: false, reason: 'malformed' };
    const rows = await this.db.$queryRawUnsafe<ApiKeyRow[]>(
      `SELECT id::text, tenant_id::text, secret_hash, scopes, expires_at, revoked_at FROM ${this.table} WHERE prefix = $1`,
      prefix,
    );
    const row = rows[0];
    if (!row || !sameHash(row.secret_hash, hashApiKey(presented))) return { ok: false, reason: 'unknown' };
    if (row.revoked_at) return { ok: false, reason: 'revoked' };
    if (row.expires_at && row.expires_at.getTime() <= this.now().getTime()) return { ok: false, reason: 'expired' };
    const scopes = row.scopes as ApiKeyScope[];
    if (requiredScope && !scopes.includes(requiredScope)) return { ok: false, reason: 'missing-scope' };
    return { ok: true, principal: { apiKeyId: row.id, tenantId: row.tenant_id, scopes } };
  }
}

function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}
