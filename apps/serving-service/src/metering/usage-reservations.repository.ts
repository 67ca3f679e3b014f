import { DATABASE, SqlExecutor, TransactionalDb } from '@llmchain/platform';
import { Inject, Injectable } from '@nestjs/common';
import { RequestUsage } from './usage-recorder';

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
  constructor(@Inject(DATABASE) private readonly db: TransactionalDb) {}

  async open(ownerId: string, usage: RequestUsage): Promise<void> {
    await this.db.$executeRawUnsafe(
      `INSERT INTO usage_reservations (request_id, owner_id, tenant_id, api_key_id, model, prompt_tokens, completion_tokens)
       VALUES ($1, $2::uuid, $3, $4, $5, $6, $7) ON CONFLICT (request_id) DO NOTHING`,
      usage.requestId,
      ownerId,
      usage.tenantId,
      usage.apiKeyId,
      usage.model,
      usage.promptTokens,
      usage.completionTokens,
    );
  }

  /** Raises several reservations' completion counts in one statement (never lowers one; a settled one is gone). */
  async raise(counts: { requestId: string; completionTokens: number }[]): Promise<void> {
    await this.db.$executeRawUnsafe(
      `UPDATE usage_reservations r SET completion_tokens = GREATEST(r.completion_tokens, v.completion_tokens), updated_at = now()
         FROM unnest($1::text[], $2::int[]) AS v(request_id, completion_tokens)
        WHERE r.request_id = v.request_id`,
      counts.map((c) => c.requestId),
      counts.map((c) => c.completionTokens),
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
