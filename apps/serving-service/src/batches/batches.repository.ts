import { DATABASE, keysetPage, NEWEST_FIRST, SqlExecutor } from '@llmchain/platform';
import { Inject, Injectable } from '@nestjs/common';
import { Batch, Prisma, PrismaClient } from '../generated/prisma/client';
import { isOpenAiStyleId } from './openai-ids';

export type RequestCounts = { total: number; completed: number; failed: number };

/** A claimed request: what the runner needs to run it. */
export type ClaimedRequest = { batchId: string; line: number; customId: string; body: unknown; attempts: number; tenantId: string; apiKeyId: string; endpoint: string };

/** batches and batch_requests. Reads are by tenant; the runner's claims, answers and leases are single statements. */
@Injectable()
export class BatchesRepository {
  constructor(@Inject(DATABASE) private readonly db: PrismaClient) {}

  create(data: Prisma.BatchUncheckedCreateInput): Promise<Batch> {
    return this.db.batch.create({ data });
  }

  async find(tenantId: string, id: string): Promise<Batch | null> {
    if (!isOpenAiStyleId(id)) return null;
    return this.db.batch.findFirst({ where: { tenantId, id } });
  }

  /** Newest first, `limit + 1` batches after the batch `after` (OpenAI's cursor). */
  list(tenantId: string, limit: number, after: string | undefined): Promise<Batch[]> {
    return keysetPage({ limit, after }, NEWEST_FIRST, {
      find: (id) => this.find(tenantId, id),
      rows: ({ after, orderBy, take }) => this.db.batch.findMany({ where: { AND: [{ tenantId }, after] }, orderBy, take }),
    });
  }

  async counts(batchIds: string[], db: SqlExecutor = this.db): Promise<Map<string, RequestCounts>> {
    const rows = await db.$queryRawUnsafe<{ batch_id: string; total: number; completed: number; failed: number }[]>(
      `SELECT batch_id, count(*)::int AS total, count(*) FILTER (WHERE status_code = 200)::int AS completed,
              count(*) FILTER (WHERE state = 'done' AND status_code <> 200)::int AS failed
         FROM batch_requests WHERE batch_id = ANY($1::text[]) GROUP BY batch_id`,
      batchIds,
    );
    return new Map(rows.map((r) => [r.batch_id, { total: r.total, completed: r.completed, failed: r.failed }]));
  }

  /** validating or in_progress → cancelling; answers the batch as it now is (unchanged when it had already ended). */
  async cancel(tenantId: string, id: string): Promise<Batch | null> {
    if (!isOpenAiStyleId(id)) return null;
    await this.db.batch.updateMany({ where: { tenantId, id, status: { in: ['validating', 'in_progress'] } }, data: { status: 'cancelling', cancellingAt: new Date() } });
    return this.find(tenantId, id);
  }

  /**
   * Claims up to `limit` pending requests of running batches whose lease is free or ran out, oldest batch first,
   * for `owner` until the lease ends. SKIP LOCKED: two processes claiming at once take different requests.
   */
  claim(owner: string, limit: number, leaseMs: number): Promise<ClaimedRequest[]> {
    return this.db.$queryRawUnsafe<ClaimedRequest[]>(
      `UPDATE batch_requests r SET lease_owner = $1::uuid, lease_until = now() + make_interval(secs => $3::float8 / 1000), attempts = r.attempts + 1
         FROM (SELECT q.batch_id, q.line, b.tenant_id, b.api_key_id, b.endpoint FROM batch_requests q JOIN batches b ON b.id = q.batch_id
                WHERE b.status = 'in_progress' AND b.expires_at > now() AND q.state = 'pending' AND (q.lease_until IS NULL OR q.lease_until < now())
                ORDER BY b.created_at, q.batch_id, q.line LIMIT $2 FOR UPDATE OF q SKIP LOCKED) c
        WHERE r.batch_id = c.batch_id AND r.line = c.line
        RETURNING r.batch_id AS "batchId", r.line, r.custom_id AS "customId", r.body, r.attempts, c.tenant_id AS "tenantId", c.api_key_id AS "apiKeyId", c.endpoint`,
      owner,
      limit,
      leaseMs,
    );
  }

  /** Keeps the leases of the requests this process is running. */
  async renew(owner: string, running: { batchId: string; line: number }[], leaseMs: number): Promise<void> {
    if (running.length === 0) return;
    await this.db.$executeRawUnsafe(
      `UPDATE batch_requests SET lease_until = now() + make_interval(secs => $4::float8 / 1000)
        WHERE lease_owner = $1::uuid AND state = 'pending' AND (batch_id, line) IN (SELECT * FROM unnest($2::text[], $3::int[]))`,
      owner,
      running.map((r) => r.batchId),
      running.map((r) => r.line),
      leaseMs,
    );
  }

  /** Gives a request back (the engine failed it, or the process is stopping); a try that never ran is not counted. */
  async release(owner: string, request: { batchId: string; line: number }, countTry: boolean, retryAfterMs: number): Promise<void> {
    await this.db.$executeRawUnsafe(
      `UPDATE batch_requests SET lease_owner = NULL, lease_until = now() + make_interval(secs => $5::float8 / 1000), attempts = attempts - $4::int
        WHERE batch_id = $1 AND line = $2 AND lease_owner = $3::uuid AND state = 'pending'`,
      request.batchId,
      request.line,
      owner,
      countTry ? 0 : 1,
      retryAfterMs,
    );
  }
}
