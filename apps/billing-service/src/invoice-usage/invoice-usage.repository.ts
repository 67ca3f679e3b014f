import { DATABASE } from '@llmchain/platform';
import { Inject, Injectable } from '@nestjs/common';
import { Meter } from '../common/meters';
import { isoDay } from '../common/period';
import { readSnapshot } from '../common/read-snapshot';
import { Prisma, PrismaClient } from '../generated/prisma/client';

type Tx = Prisma.TransactionClient;

/** The events billed in one tenant's period. */
export type EventScope = { tenantId: string; period: string };

export type EventFilter = { meter?: Meter; model?: string };

/** Where an event sits in the list's order. */
export type EventKey = { occurredAt: Date; eventId: string };

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
  batch_prompt_tokens: bigint;
  batch_completion_tokens: bigint;
};

const TOKEN_COLUMN: Record<Meter, string> = {
  prompt: 'prompt_tokens',
  completion: 'completion_tokens',
  training: 'training_tokens',
  batch_prompt: 'batch_prompt_tokens',
  batch_completion: 'batch_completion_tokens',
};

/** Reads `usage_ledger_events` in the order events are listed, by when they occurred, then event id (its key's order). */
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

  /** The event's key, or null when the event is not in the (filtered) list. */
  async keyOf(tx: Tx, scope: EventScope, filter: EventFilter, eventId: string): Promise<EventKey | null> {
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
  async events(tx: Tx, scope: EventScope, filter: EventFilter, after: EventKey | null, take: number): Promise<LedgerEventEntry[]> {
    const where = conditions(filter, 5);
    const rows = await tx.$queryRawUnsafe<EventRow[]>(
      `SELECT e.event_id::text, e.event_type, e.occurred_at, e.usage_day, e.model, e.request_id, e.training_job_id, e.api_key_id,
              e.prompt_tokens, e.completion_tokens, e.training_tokens, e.batch_prompt_tokens, e.batch_completion_tokens
       FROM usage_ledger_events e
       WHERE e.tenant_id = $1 AND e.billed_period = $2 AND ($3::timestamptz IS NULL OR (e.occurred_at, e.event_id) > ($3::timestamptz, $4::uuid)) ${where.sql}
       ORDER BY e.occurred_at, e.event_id
       LIMIT ${Math.trunc(take)}`,
      scope.tenantId,
      scope.period,
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
      tokens: {
        prompt: r.prompt_tokens,
        completion: r.completion_tokens,
        training: r.training_tokens,
        batch_prompt: r.batch_prompt_tokens,
        batch_completion: r.batch_completion_tokens,
      },
    }));
  }

  /**
   * For each of the given events, the tokens of every event (whatever a filter shows) that came before it on its own
   * day. Reads the events from the first one's day up to the last one: about a day's worth for an unfiltered page.
   */
  async tokensBeforeOnDay(tx: Tx, scope: EventScope, first: LedgerEventEntry, last: LedgerEventEntry, eventIds: string[]): Promise<Map<string, Record<Meter, bigint>>> {
    const rows = await tx.$queryRawUnsafe<({ event_id: string } & Record<Meter, bigint>)[]>(
      `SELECT s.event_id::text, s.prompt, s.completion, s.training, s.batch_prompt, s.batch_completion FROM (
         SELECT e.event_id,
                (SUM(e.prompt_tokens) OVER same_day - e.prompt_tokens)::bigint AS prompt,
                (SUM(e.completion_tokens) OVER same_day - e.completion_tokens)::bigint AS completion,
                (SUM(e.training_tokens) OVER same_day - e.training_tokens)::bigint AS training,
                (SUM(e.batch_prompt_tokens) OVER same_day - e.batch_prompt_tokens)::bigint AS batch_prompt,
                (SUM(e.batch_completion_tokens) OVER same_day - e.batch_completion_tokens)::bigint AS batch_completion
         FROM usage_ledger_events e
         WHERE e.tenant_id = $1 AND e.billed_period = $2 AND e.occurred_at >= ($3::date::timestamp AT TIME ZONE 'UTC')
           AND (e.occurred_at, e.event_id) <= ($4::timestamptz, $5::uuid)
         WINDOW same_day AS (PARTITION BY e.usage_day ORDER BY e.occurred_at, e.event_id ROWS UNBOUNDED PRECEDING)
       ) s
       WHERE s.event_id = ANY($6::uuid[])`,
      scope.tenantId,
      scope.period,
      isoDay(first.usageDay),
      last.occurredAt,
      last.eventId,
      eventIds,
    );
    return new Map(rows.map(({ event_id, ...tokens }) => [event_id, tokens]));
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
