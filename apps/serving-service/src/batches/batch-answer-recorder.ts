import { TOPICS } from '@llmchain/contracts';
import { OutboxWriter } from '@llmchain/platform';
import { Injectable } from '@nestjs/common';
import { RequestPathSql } from '../database/request-path-sql.service';
import { usageEventId } from '../common/usage-event-id';
import { ClaimedRequest } from './batches.repository';
import { BatchAnswer } from './batch-request-executor';

/** The id of a batch request's answer (the output line's `id`) and of its usage record. */
export const batchRequestId = (batchId: string, line: number) => `batch_req_${batchId.replace(/^batch_/, '')}_${line}`;

/**
 * Writes a request's answer and its usage in one statement: the answer only while this process still holds the
 * request's lease and the batch still runs, the usage record (keyed by the request's id) and its usage.recorded event
 * on the batch meter only if the answer was written. A process whose lease was taken over writes nothing, so each
 * custom_id is answered, and billed, exactly once. Answers whether the answer was written.
 */
@Injectable()
export class BatchAnswerRecorder {
  constructor(
    private readonly db: RequestPathSql,
    private readonly outbox: OutboxWriter,
  ) {}

  async record(owner: string, request: ClaimedRequest, answer: BatchAnswer): Promise<boolean> {
    const requestId = batchRequestId(request.batchId, request.line);
    const model = String((request.body as { model?: unknown }).model ?? '');
    const data = {
      tenantId: request.tenantId,
      apiKeyId: request.apiKeyId,
      requestId,
      model,
      promptTokens: answer.promptTokens,
      completionTokens: answer.completionTokens,
      meter: 'batch' as const,
      batchId: request.batchId,
    };
    const [row] = this.outbox.prepare([{ topic: TOPICS.usageRecorded, key: request.tenantId, id: usageEventId(requestId), data }]);
    const [written] = await this.db.$queryRawUnsafe<{ answered: boolean }[]>(
      `WITH answered AS (
              UPDATE batch_requests SET state = 'done', status_code = $4, response = $5::jsonb, answered_at = now(), lease_until = NULL
               WHERE batch_id = $1 AND line = $2 AND state = 'pending' AND lease_owner = $3::uuid
                 AND EXISTS (SELECT 1 FROM batches WHERE id = $1 AND status IN ('in_progress', 'cancelling') AND expires_at > now())
              RETURNING batch_id),
            recorded AS (
              INSERT INTO usage_records (request_id, tenant_id, api_key_id, model, prompt_tokens, completion_tokens)
              SELECT $6, $7, $8, $9, $10, $11 FROM answered WHERE $10::int + $11::int > 0
              ON CONFLICT (request_id) DO NOTHING RETURNING request_id),
            evented AS (
              INSERT INTO outbox_events (event_id, topic, key, payload) SELECT $12::uuid, $13, $14, $15::jsonb FROM recorded RETURNING 1)
       SELECT EXISTS (SELECT 1 FROM answered) AS answered, (SELECT count(*) FROM evented) AS events`,
      request.batchId,
      request.line,
      owner,
      answer.statusCode,
      JSON.stringify(answer.body),
      requestId,
      request.tenantId,
      request.apiKeyId,
      model,
      answer.promptTokens,
      answer.completionTokens,
      row.event.id,
      row.topic,
      row.key,
      JSON.stringify(row.event),
    );
    return written.answered;
  }
}
