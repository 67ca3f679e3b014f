import { TOPICS } from '@llmchain/contracts';
import { OutboxWriter, SqlExecutor } from '@llmchain/platform';
import { Injectable } from '@nestjs/common';
import { RequestPathSql } from '../database/request-path-sql.service';
import { usageEventId } from '../common/usage-event-id';

export interface RequestUsage {
  requestId: string;
  tenantId: string;
  apiKeyId: string;
  model: string;
  promptTokens: number;
  completionTokens: number;
}

/**
 * Settles a request's usage in one statement: its reservation (if any) deleted, its usage row written, and its
 * usage.recorded event written only if the row was new. The row's key is the request id, so a request is recorded
 * once only however its end is reached; the event's id is derived from the request id too, so even an event
 * written twice would be counted once downstream.
 */
@Injectable()
export class UsageRecorder {
  constructor(
    private readonly db: RequestPathSql,
    private readonly outbox: OutboxWriter,
  ) {}

  /** A request ended: its reservation gives way to its usage record. */
  settle(usage: RequestUsage): Promise<void> {
    return this.settleWith(this.db, usage);
  }

  /** The same, on the caller's executor (a transaction that claimed the reservation). */
  async settleWith(executor: SqlExecutor, usage: RequestUsage): Promise<void> {
    const data = {
      requestId: usage.requestId,
      tenantId: usage.tenantId,
      apiKeyId: usage.apiKeyId,
      model: usage.model,
      promptTokens: usage.promptTokens,
      completionTokens: usage.completionTokens,
      meter: 'standard' as const,
      batchId: null,
    };
    const [row] = this.outbox.prepare([{ topic: TOPICS.usageRecorded, key: usage.tenantId, id: usageEventId(usage.requestId), data }]);
    await executor.$executeRawUnsafe(
      `WITH reservation AS (DELETE FROM usage_reservations WHERE request_id = $1),
            recorded AS (
              INSERT INTO usage_records (request_id, tenant_id, api_key_id, model, prompt_tokens, completion_tokens)
              VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (request_id) DO NOTHING RETURNING request_id)
       INSERT INTO outbox_events (event_id, topic, key, payload) SELECT $7::uuid, $8, $9, $10::jsonb FROM recorded`,
      usage.requestId,
      usage.tenantId,
      usage.apiKeyId,
      usage.model,
      usage.promptTokens,
      usage.completionTokens,
      row.event.id,
      row.topic,
      row.key,
      JSON.stringify(row.event),
    );
  }
}
