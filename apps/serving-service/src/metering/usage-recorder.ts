import { TOPICS } from '@llmchain/contracts';
import { DATABASE, OutboxWriter, SqlExecutor, TransactionalDb } from '@llmchain/platform';
import { Inject, Injectable } from '@nestjs/common';
import { usageEventId } from './usage-event-id';

export interface RequestUsage {
  requestId: string;
  tenantId: string;
  apiKeyId: string;
  model: string;
  promptTokens: number;
  completionTokens: number;
}

/**
 * Writes a request's usage row and its usage.recorded event in one transaction. The row's key is the request id,
 * so a request can be recorded once only, however its end is reached; the event's id is derived from the request
 * id too, so even an event written twice would be counted once downstream.
 */
@Injectable()
export class UsageRecorder {
  constructor(
    @Inject(DATABASE) private readonly db: TransactionalDb,
    private readonly outbox: OutboxWriter,
  ) {}

  /** A request ended: its reservation (if it had one) gives way to its usage record, in one transaction. */
  async settle(usage: RequestUsage): Promise<void> {
    await this.db.$transaction(async (tx) => {
      await tx.$executeRawUnsafe(`DELETE FROM usage_reservations WHERE request_id = $1`, usage.requestId);
      await this.recordIn(tx, usage);
    });
  }

  /** Records the usage inside the caller's transaction; does nothing when the request was recorded already. */
  async recordIn(tx: SqlExecutor, usage: RequestUsage): Promise<void> {
    const inserted = await tx.$executeRawUnsafe(
      `INSERT INTO usage_records (request_id, tenant_id, api_key_id, model, prompt_tokens, completion_tokens)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (request_id) DO NOTHING`,
      usage.requestId,
      usage.tenantId,
      usage.apiKeyId,
      usage.model,
      usage.promptTokens,
      usage.completionTokens,
    );
    if (inserted === 0) return;
    const data = {
      requestId: usage.requestId,
      tenantId: usage.tenantId,
      apiKeyId: usage.apiKeyId,
      model: usage.model,
      promptTokens: usage.promptTokens,
      completionTokens: usage.completionTokens,
    };
    await this.outbox.write(tx, [{ topic: TOPICS.usageRecorded, key: usage.tenantId, id: usageEventId(usage.requestId), data }]);
  }
}
