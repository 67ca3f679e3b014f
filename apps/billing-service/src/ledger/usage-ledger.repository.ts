import { SqlExecutor } from '@llmchain/platform';
import { Injectable } from '@nestjs/common';
import { MeteredEvent } from '../common/metered-event';

export type LedgerRow = { tenantId: string; billedPeriod: string; usageDay: string; model: string; meter: string; tokens: bigint; events: number };

export type LedgerEventRow = MeteredEvent & { billedPeriod: string };

/** Plain SQL over whole arrays: a chunk of thousands of events is a handful of statements. */
@Injectable()
export class UsageLedgerRepository {
  async closedPeriods(tx: SqlExecutor, tenantIds: string[]): Promise<Set<string>> {
    const rows = await tx.$queryRawUnsafe<{ tenant_id: string; period: string }[]>(
      `SELECT tenant_id, period FROM closed_periods WHERE tenant_id = ANY($1::text[])`,
      tenantIds,
    );
    return new Set(rows.map((r) => `${r.tenant_id}\u0000${r.period}`));
  }

  /** Adds the rows' tokens to the ledger; keys must be unique within one call. */
  async add(tx: SqlExecutor, rows: LedgerRow[]): Promise<void> {
    if (rows.length === 0) return;
    await tx.$executeRawUnsafe(
      `INSERT INTO usage_ledger (tenant_id, billed_period, usage_day, model, meter, tokens, events)
       SELECT * FROM unnest($1::text[], $2::text[], $3::date[], $4::text[], $5::text[], $6::bigint[], $7::bigint[])
       ON CONFLICT (tenant_id, billed_period, usage_day, model, meter)
       DO UPDATE SET tokens = usage_ledger.tokens + EXCLUDED.tokens, events = usage_ledger.events + EXCLUDED.events`,
      rows.map((r) => r.tenantId),
      rows.map((r) => r.billedPeriod),
      rows.map((r) => r.usageDay),
      rows.map((r) => r.model),
      rows.map((r) => r.meter),
      rows.map((r) => r.tokens.toString()),
      rows.map((r) => String(r.events)),
    );
  }

  /**
   * Keeps each event behind the rows `add` summed; the consumer hands over every event once. As few and as small
   * parameters as the rows allow (the usage day is the UTC date of occurred_at, the type one value per statement):
   * passing parameters costs more here than Postgres's insert.
   */
  async addEvents(tx: SqlExecutor, events: LedgerEventRow[]): Promise<void> {
    for (const eventType of new Set(events.map((e) => e.eventType))) {
      const ofType = events.filter((e) => e.eventType === eventType);
      await tx.$executeRawUnsafe(
        `INSERT INTO usage_ledger_events (tenant_id, billed_period, occurred_at, event_id, usage_day, event_type, model, request_id, training_job_id,
                                          api_key_id, prompt_tokens, completion_tokens, training_tokens, batch_prompt_tokens, batch_completion_tokens)
         SELECT e.tenant_id, e.billed_period, e.occurred_at, e.event_id, (e.occurred_at AT TIME ZONE 'UTC')::date, $1, e.model, e.request_id,
                e.training_job_id, e.api_key_id, e.prompt_tokens, e.completion_tokens, e.training_tokens, e.batch_prompt_tokens, e.batch_completion_tokens
         FROM unnest($2::text[], $3::text[], $4::timestamptz[], $5::uuid[], $6::text[], $7::text[], $8::text[], $9::text[], $10::bigint[], $11::bigint[],
                     $12::bigint[], $13::bigint[], $14::bigint[])
              AS e(tenant_id, billed_period, occurred_at, event_id, model, request_id, training_job_id, api_key_id, prompt_tokens, completion_tokens,
                   training_tokens, batch_prompt_tokens, batch_completion_tokens)`,
        eventType,
        ofType.map((e) => e.tenantId),
        ofType.map((e) => e.billedPeriod),
        ofType.map((e) => e.occurredAt),
        ofType.map((e) => e.eventId),
        ofType.map((e) => e.model),
        ofType.map((e) => e.requestId),
        ofType.map((e) => e.trainingJobId),
        ofType.map((e) => e.apiKeyId),
        ofType.map((e) => String(e.tokens.prompt)),
        ofType.map((e) => String(e.tokens.completion)),
        ofType.map((e) => String(e.tokens.training)),
        ofType.map((e) => String(e.tokens.batch_prompt)),
        ofType.map((e) => String(e.tokens.batch_completion)),
      );
    }
  }
}
