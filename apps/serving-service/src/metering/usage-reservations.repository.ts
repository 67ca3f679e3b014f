import { SqlExecutor } from '@llmchain/platform';
import { Injectable } from '@nestjs/common';
import { RequestPathSql } from '../database/request-path-sql.service';
import { RequestUsage } from './usage-recorder.service';

type ReservationRow = {
  request_id: string;
  tenant_id: string;
  api_key_id: string;
  model: string;
  prompt_tokens: number;
  completion_tokens: number;
};

/** usage_reservations: what running requests consumed, as last persisted, and which process runs them. */
@Injectable()
export class UsageReservationsRepository {
  constructor(private readonly db: RequestPathSql) {}

  /**
   * Writes several running requests' usage so far in one statement: a new request's row is created, a known one's
   * completion count raised (never lowered).
   */
  async write(ownerId: string, usages: RequestUsage[]): Promise<void> {
    await this.db.$executeRawUnsafe(
      `INSERT INTO usage_reservations (request_id, owner_id, tenant_id, api_key_id, model, prompt_tokens, completion_tokens)
       SELECT request_id, $1::uuid, tenant_id, api_key_id, model, prompt_tokens, completion_tokens
         FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::int[])
           AS u(request_id, tenant_id, api_key_id, model, prompt_tokens, completion_tokens)
       ON CONFLICT (request_id) DO UPDATE
         SET completion_tokens = GREATEST(usage_reservations.completion_tokens, EXCLUDED.completion_tokens), updated_at = now()`,
      ownerId,
      usages.map((u) => u.requestId),
      usages.map((u) => u.tenantId),
      usages.map((u) => u.apiKeyId),
      usages.map((u) => u.model),
      usages.map((u) => u.promptTokens),
      usages.map((u) => u.completionTokens),
    );
  }

  /**
   * Removes and returns up to `limit` reservations whose owner is gone: no serving_instances heartbeat within
   * `orphanAfterMs`, and no update of the reservation itself within it either (so a request admitted while its
   * process was still registering is not taken). Rows another transaction holds are skipped, not waited for.
   */
  async claimOrphans(tx: SqlExecutor, orphanAfterMs: number, limit: number): Promise<RequestUsage[]> {
    const rows = await tx.$queryRawUnsafe<ReservationRow[]>(
      `DELETE FROM usage_reservations WHERE request_id IN (
         SELECT r.request_id FROM usage_reservations r
          WHERE r.updated_at < now() - make_interval(secs => $1::float8 / 1000)
            AND NOT EXISTS (SELECT 1 FROM serving_instances i
                             WHERE i.instance_id = r.owner_id AND i.heartbeat_at >= now() - make_interval(secs => $1::float8 / 1000))
          ORDER BY r.updated_at
          LIMIT $2
          FOR UPDATE SKIP LOCKED)
       RETURNING request_id, tenant_id, api_key_id, model, prompt_tokens, completion_tokens`,
      orphanAfterMs,
      limit,
    );
    return rows.map((row) => ({
      requestId: row.request_id,
      tenantId: row.tenant_id,
      apiKeyId: row.api_key_id,
      model: row.model,
      promptTokens: row.prompt_tokens,
      completionTokens: row.completion_tokens,
    }));
  }
}
