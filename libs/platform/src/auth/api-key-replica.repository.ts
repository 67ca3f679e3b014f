import { ApiKeyCreatedV1, ApiKeyRevokedV1, TenantStatusChangedV1 } from '@llmchain/contracts';
import { SqlExecutor } from '../database/sql-client';
import { Injectable } from '@nestjs/common';

/**
 * A service's api_key_replicas and tenant_status_replicas tables, kept from billing's apikey.* and
 * tenant.status.changed events and read by ApiKeyVerifier, so services authenticate tenants locally instead of
 * calling billing on every request.
 */
@Injectable()
export class ApiKeyReplicaRepository {
  async created(tx: SqlExecutor, data: ApiKeyCreatedV1['data']): Promise<void> {
    await tx.$executeRawUnsafe(
      `INSERT INTO api_key_replicas (id, tenant_id, prefix, secret_hash, scopes, expires_at)
       VALUES ($1, $2, $3, $4, $5::text[], $6::timestamptz) ON CONFLICT (id) DO NOTHING`,
      data.apiKeyId,
      data.tenantId,
      data.prefix,
      data.secretHash,
      data.scopes,
      data.expiresAt,
    );
  }

  /** A revocation may overtake its creation on another partition: the row is kept as revoked either way. */
  async revoked(tx: SqlExecutor, data: ApiKeyRevokedV1['data']): Promise<void> {
    await tx.$executeRawUnsafe(
      `INSERT INTO api_key_replicas (id, tenant_id, prefix, secret_hash, scopes, revoked_at)
       VALUES ($1, $2, 'revoked:' || $1, '', '{}', now())
       ON CONFLICT (id) DO UPDATE SET revoked_at = COALESCE(api_key_replicas.revoked_at, now())`,
      data.apiKeyId,
      data.tenantId,
    );
  }

  /** Applied only over an older status version: a late or replayed change never undoes a newer one. */
  async tenantStatusChanged(tx: SqlExecutor, data: TenantStatusChangedV1['data']): Promise<void> {
    await tx.$executeRawUnsafe(
      `INSERT INTO tenant_status_replicas (tenant_id, suspended_at, status_version) VALUES ($1, $2::timestamptz, $3)
       ON CONFLICT (tenant_id) DO UPDATE SET suspended_at = EXCLUDED.suspended_at, status_version = EXCLUDED.status_version
       WHERE tenant_status_replicas.status_version < EXCLUDED.status_version`,
      data.tenantId,
      data.status === 'suspended' ? data.changedAt : null,
      data.statusVersion,
    );
  }
}
