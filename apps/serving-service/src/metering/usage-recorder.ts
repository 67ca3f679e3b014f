import { TOPICS } from '@llmchain/contracts';
import { DATABASE, OutboxWriter, TransactionalDb } from '@llmchain/platform';
import { Inject, Injectable } from '@nestjs/common';

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
 * so a request can be recorded once only, however its end is reached.
 */
@Injectable()
export class UsageRecorder {
  constructor(
    @Inject(DATABASE) private readonly db: TransactionalDb,
    private readonly outbox: OutboxWriter,
  ) {}

  async record(usage: RequestUsage): Promise<void> {
    await this.db.$transaction(async (tx) => {
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
      await this.outbox.write(tx, [{ topic: TOPICS.usageRecorded, key: usage.tenantId, data: usage }]);
    });
  }
}
