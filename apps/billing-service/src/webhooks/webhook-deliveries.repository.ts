import { CountedListPage, DATABASE, ListQuery, SqlExecutor } from '@llmchain/platform';
import { Inject, Injectable } from '@nestjs/common';
import { countedKeysetPage } from '../common/list-page';
import { Prisma, PrismaClient } from '../generated/prisma/client';
import { WebhookEventRecord } from './webhook-payload';

export type DeliveryStatus = 'pending' | 'succeeded' | 'failed';

const ATTEMPT_ROW = { number: true, trigger: true, attemptedAt: true, durationMs: true, responseStatus: true, responseBody: true, error: true } as const;
export type AttemptRow = Prisma.WebhookDeliveryAttemptGetPayload<{ select: typeof ATTEMPT_ROW }>;

const DELIVERY_ROW = {
  id: true,
  endpointId: true,
  eventId: true,
  status: true,
  attempts: true,
  nextAttemptAt: true,
  createdAt: true,
  event: { select: { type: true } },
  attemptLog: { select: ATTEMPT_ROW, orderBy: { number: 'desc' }, take: 1 },
} as const satisfies Prisma.WebhookDeliverySelect;
export type DeliveryRow = Prisma.WebhookDeliveryGetPayload<{ select: typeof DELIVERY_ROW }>;

export type DeliveryDetailRow = Omit<DeliveryRow, 'attemptLog' | 'event'> & { event: { type: string; body: string }; attemptLog: AttemptRow[] };

/** A delivery claimed for one attempt, with what the attempt sends. */
export type ClaimedDelivery = {
  id: string;
  endpointId: string;
  eventId: string;
  attempts: number;
  runAttempts: number;
  body: string;
};

/** Where a delivery stands after an attempt, as the caller decides it from the delivery's run so far. */
export type AttemptVerdict = { status: DeliveryStatus; nextAttemptAt: Date | null };
export type AttemptRecord = Omit<AttemptRow, 'number'>;

const DELIVERY_ORDER = { keys: ['createdAt', 'id'], direction: 'asc' } as const;

@Injectable()
export class WebhookDeliveriesRepository {
  constructor(@Inject(DATABASE) private readonly db: PrismaClient) {}

  /**
   * Stores each event that an enabled endpoint of its tenant subscribes to, and a pending delivery to each such
   * endpoint, due now; events no endpoint wants are not kept. Runs in the consumer's transaction.
   */
  async recordEvents(tx: SqlExecutor, events: WebhookEventRecord[]): Promise<void> {
    const columns = [events.map((e) => e.id), events.map((e) => e.tenantId), events.map((e) => e.type), events.map((e) => e.body), events.map((e) => e.createdAt.toISOString())];
    const targets = `
      SELECT e.id AS event_id, w.id AS endpoint_id
      FROM unnest($1::uuid[], $2::uuid[], $3::text[]) AS e(id, tenant_id, type)
      JOIN webhook_endpoints w ON w.tenant_id = e.tenant_id AND w.disabled_at IS NULL AND e.type = ANY(w.event_types)`;
    await tx.$executeRawUnsafe(
      `INSERT INTO webhook_events (id, tenant_id, type, body, created_at)
       SELECT id, tenant_id, type, body, created_at FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::timestamptz[]) AS e(id, tenant_id, type, body, created_at)
       WHERE id IN (SELECT event_id FROM (${targets}) t)
       ON CONFLICT DO NOTHING`,
      ...columns,
    );
    await tx.$executeRawUnsafe(
      `INSERT INTO webhook_deliveries (id, endpoint_id, event_id, status, next_attempt_at)
       SELECT gen_random_uuid(), endpoint_id, event_id, 'pending', now() FROM (${targets}) t
       ON CONFLICT DO NOTHING`,
      ...columns.slice(0, 3),
    );
  }

  /**
   * Claims up to `limit` due deliveries of enabled endpoints for one attempt each: their next attempt moves `leaseMs`
   * ahead, so another process (or this one) tries again only if this attempt's outcome is never recorded.
   * SKIP LOCKED lets replicas claim side by side without waiting on each other.
   */
  claimDue(limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
    return this.db.$queryRaw<ClaimedDelivery[]>`
      UPDATE webhook_deliveries d SET next_attempt_at = now() + make_interval(secs => ${leaseMs / 1000})
      FROM webhook_events e
      WHERE e.id = d.event_id AND d.id IN (
        SELECT due.id FROM webhook_deliveries due JOIN webhook_endpoints w ON w.id = due.endpoint_id
        WHERE due.status = 'pending' AND due.next_attempt_at <= now() AND w.disabled_at IS NULL
        ORDER BY due.next_attempt_at LIMIT ${limit} FOR UPDATE OF due SKIP LOCKED)
      RETURNING d.id::text AS "id", d.endpoint_id::text AS "endpointId", d.event_id::text AS "eventId",
        d.attempts, d.run_attempts AS "runAttempts", e.body`;
  }

  /**
   * Logs one attempt under the next number and moves the delivery on as `decide` says from its run so far (attempts
   * counted with this one); a delivery already settled (another process's attempt succeeded meanwhile) keeps its state.
   * Answers the delivery's new status, or null when it was deleted meanwhile.
   */
  recordAttempt(
    deliveryId: string,
    attempt: AttemptRecord,
    decide: (run: { runAttempts: number; runStartedAt: Date }) => AttemptVerdict,
  ): Promise<DeliveryStatus | null> {
    return this.db.$transaction(async (tx) => {
      const [current] = await tx.$queryRaw<{ attempts: number; run_attempts: number; run_started_at: Date; status: DeliveryStatus }[]>`
        SELECT attempts, run_attempts, run_started_at, status FROM webhook_deliveries WHERE id = ${deliveryId}::uuid FOR UPDATE`;
      if (!current) return null;
      const runAttempts = current.run_attempts + 1;
      const verdict = current.status === 'pending' ? decide({ runAttempts, runStartedAt: current.run_started_at }) : null;
      await tx.webhookDelivery.update({
        where: { id: deliveryId },
        data: { attempts: current.attempts + 1, runAttempts, ...(verdict ?? {}) },
      });
      await tx.webhookDeliveryAttempt.create({ data: { deliveryId, number: current.attempts + 1, ...attempt } });
      return verdict?.status ?? current.status;
    });
  }

  list(tenantId: string, endpointId: string, status: DeliveryStatus | undefined, query: ListQuery): Promise<CountedListPage<DeliveryRow>> {
    const where: Prisma.WebhookDeliveryWhereInput = { endpointId, endpoint: { tenantId }, ...(status ? { status } : {}) };
    return countedKeysetPage(query, DELIVERY_ORDER, {
      count: () => this.db.webhookDelivery.count({ where }),
      find: (id) => this.db.webhookDelivery.findFirst({ where: { ...where, id }, select: DELIVERY_ROW }),
      rows: ({ after, orderBy, take }) => this.db.webhookDelivery.findMany({ where: { AND: [where, after] }, select: DELIVERY_ROW, orderBy, take }),
    });
  }

  find(tenantId: string, endpointId: string, id: string): Promise<DeliveryDetailRow | null> {
    return this.db.webhookDelivery.findFirst({
      where: { id, endpointId, endpoint: { tenantId } },
      select: { ...DELIVERY_ROW, event: { select: { type: true, body: true } }, attemptLog: { select: ATTEMPT_ROW, orderBy: { number: 'asc' } } },
    });
  }

  /** Starts a new run of the delivery, due now: its retries count and its window start afresh. */
  async redeliver(tenantId: string, endpointId: string, id: string): Promise<boolean> {
    const { count } = await this.db.webhookDelivery.updateMany({
      where: { id, endpointId, endpoint: { tenantId } },
      data: { status: 'pending', runAttempts: 0, runStartedAt: new Date(), nextAttemptAt: new Date() },
    });
    return count > 0;
  }

  /**
   * Deletes up to `limit` settled deliveries created before `cutoff` (their attempts with them), then the events
   * before it that no delivery refers to any more; answers how many deliveries went. Pending ones stay whatever their age.
   */
  async purgeSettled(cutoff: Date, limit: number): Promise<number> {
    const deleted = await this.db.$executeRaw`
      DELETE FROM webhook_deliveries WHERE id IN (
        SELECT id FROM webhook_deliveries WHERE status <> 'pending' AND created_at < ${cutoff} LIMIT ${limit})`;
    await this.db.$executeRaw`
      DELETE FROM webhook_events e WHERE e.id IN (
        SELECT id FROM webhook_events WHERE created_at < ${cutoff}
          AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_id = webhook_events.id) LIMIT ${limit})`;
    return deleted;
  }
}
