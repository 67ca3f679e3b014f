import { DATABASE } from '@llmchain/platform';
import { Inject, Injectable } from '@nestjs/common';
import { readSnapshot } from '../common/read-snapshot';
import { Prisma, PrismaClient } from '../generated/prisma/client';
import { Meter } from '../invoices/invoice-calculator';

type Tx = Prisma.TransactionClient;

/** The events billed in one tenant's period, and the usage group (see InvoiceComputation) of each usage day. */
export type EventScope = { tenantId: string; period: string; groupOfDay: Map<string, string> };

export type EventFilter = { meter?: Meter; model?: string };

/** A ledger event, with the tokens of each meter that came before it in its usage group (events in page order). */
export type LedgerEventEntry = {
  eventId: string;
  eventType: string;
  occurredAt: Date;
  usageDay: Date;
  model: string | null;
  requestId: string | null;
  trainingJobId: string | null;
  apiKeyId: string | null;
  tokens: Record<Meter, bigint>;
  before: Record<Meter, bigint>;
};

type EventRow = {
  event_id: string;
  event_type: string;
  occurred_at: Date;
  usage_day: Date;
  model: string | null;
  request_id: string | null;
  training_job_id: string | null;
  api_key_id: string | null;
  prompt_tokens: bigint;
  completion_tokens: bigint;
  training_tokens: bigint;
  prompt_before: bigint;
  completion_before: bigint;
  training_before: bigint;
};

const TOKEN_COLUMN: Record<Meter, string> = { prompt: 'prompt_tokens', completion: 'completion_tokens', training: 'training_tokens' };

/**
 * Reads `usage_ledger_events` in the order events are paged: by when they occurred, then event id. The tokens
 * before an event are summed over every event of its usage group, whatever the filter shows, since they decide
 * which lines its own tokens fall on.
 */
@Injectable()
export class InvoiceUsageRepository {
  constructor(@Inject(DATABASE) private readonly db: PrismaClient) {}

  snapshot<R>(fn: (tx: Tx) => Promise<R>): Promise<R> {
    return readSnapshot(this.db, fn);
  }

  async count(tx: Tx, scope: EventScope, filter: EventFilter): Promise<number> {
    const where = conditions(filter, 3);
    const rows = await tx.$queryRawUnsafe<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM usage_ledger_events e WHERE e.tenant_id = $1 AND e.billed_period = $2 ${where.sql}`,
      scope.tenantId,
      scope.period,
      ...where.values,
    );
    return rows[0].n;
  }

  /** Where the page after this event starts, or null when the event is not in the (filtered) list. */
  async anchor(tx: Tx, scope: EventScope, filter: EventFilter, eventId: string): Promise<{ occurredAt: Date; eventId: string } | null> {
    const where = conditions(filter, 4);
    const rows = await tx.$queryRawUnsafe<{ occurred_at: Date; event_id: string }[]>(
      `SELECT e.occurred_at, e.event_id::text FROM usage_ledger_events e
       WHERE e.tenant_id = $1 AND e.billed_period = $2 AND e.event_id = $3::uuid ${where.sql}`,
      scope.tenantId,
      scope.period,
      eventId,
      ...where.values,
    );
    return rows[0] ? { occurredAt: rows[0].occurred_at, eventId: rows[0].event_id } : null;
  }

  /** Up to `take` events after `after` (or from the first), in order. */
  async events(tx: Tx, scope: EventScope, filter: EventFilter, after: { occurredAt: Date; eventId: string } | null, take: number): Promise<LedgerEventEntry[]> {
    const where = conditions(filter, 7);
    const days = [...scope.groupOfDay.keys()];
    const rows = await tx.$queryRawUnsafe<EventRow[]>(
      `WITH grouped AS (
         SELECT e.*,
                (SUM(e.prompt_tokens) OVER w - e.prompt_tokens)::bigint AS prompt_before,
                (SUM(e.completion_tokens) OVER w - e.completion_tokens)::bigint AS completion_before,
                (SUM(e.training_tokens) OVER w - e.training_tokens)::bigint AS training_before
         FROM usage_ledger_events e
         LEFT JOIN unnest($3::date[], $4::text[]) AS g(usage_day, usage_group) ON g.usage_day = e.usage_day
         WHERE e.tenant_id = $1 AND e.billed_period = $2
         WINDOW w AS (PARTITION BY g.usage_group ORDER BY e.occurred_at, e.event_id ROWS UNBOUNDED PRECEDING)
       )
       SELECT e.event_id::text, e.event_type, e.occurred_at, e.usage_day, e.model, e.request_id, e.training_job_id, e.api_key_id,
              e.prompt_tokens, e.completion_tokens, e.training_tokens, e.prompt_before, e.completion_before, e.training_before
       FROM grouped e
       WHERE ($5::timestamptz IS NULL OR (e.occurred_at, e.event_id) > ($5::timestamptz, $6::uuid)) ${where.sql}
       ORDER BY e.occurred_at, e.event_id
       LIMIT ${Math.trunc(take)}`,
      scope.tenantId,
      scope.period,
      days,
      days.map((day) => scope.groupOfDay.get(day)),
      after?.occurredAt ?? null,
      after?.eventId ?? null,
      ...where.values,
    );
    return rows.map((r) => ({
      eventId: r.event_id,
      eventType: r.event_type,
      occurredAt: r.occurred_at,
      usageDay: r.usage_day,
      model: r.model,
      requestId: r.request_id,
      trainingJobId: r.training_job_id,
      apiKeyId: r.api_key_id,
      tokens: { prompt: r.prompt_tokens, completion: r.completion_tokens, training: r.training_tokens },
      before: { prompt: r.prompt_before, completion: r.completion_before, training: r.training_before },
    }));
  }
}

/** The filter as SQL over alias `e`, its values numbered from `$first`. */
function conditions(filter: EventFilter, first: number): { sql: string; values: unknown[] } {
  const parts: string[] = [];
  const values: unknown[] = [];
  if (filter.meter) parts.push(`AND e.${TOKEN_COLUMN[filter.meter]} > 0`);
  if (filter.model !== undefined) {
    values.push(filter.model);
    parts.push(`AND e.model = $${first + values.length - 1}`);
  }
  return { sql: parts.join(' '), values };
}
