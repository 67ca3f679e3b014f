import { ApiKeyPrincipal, listPage } from '@llmchain/platform';
import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { OpenAiError } from '../common/openai-error';
import { Batch } from '../generated/prisma/client';
import { parseRequest } from '../openai/request-parameters';
import { BATCH_ENDPOINTS, BatchEndpoint } from './batch-endpoints';
import { BatchFilesService } from './batch-files.service';
import { BatchesRepository, RequestCounts } from './batches.repository';
import { newBatchId, OPENAI_STYLE_ID } from './openai-ids';

const COMPLETION_WINDOW_MS = 24 * 3_600_000;

/** OpenAI's metadata: up to 16 string pairs, keys up to 64 characters, values up to 512. */
const metadataSchema = z.record(z.string().max(64), z.string().max(512)).refine((m) => Object.keys(m).length <= 16, 'may hold at most 16 keys');

export const createBatchSchema = z.object({
  input_file_id: z.string().regex(OPENAI_STYLE_ID, 'must be a file id (file-…)'),
  endpoint: z.enum(Object.keys(BATCH_ENDPOINTS) as [BatchEndpoint, ...BatchEndpoint[]]),
  completion_window: z.literal('24h'),
  metadata: metadataSchema.nullish(),
});

const seconds = (at: Date | null) => (at ? Math.floor(at.getTime() / 1000) : null);

/** OpenAI's batch object. */
export function batchObject(batch: Batch, counts: RequestCounts | undefined) {
  return {
    id: batch.id,
    object: 'batch',
    endpoint: batch.endpoint,
    errors: batch.errors ?? null,
    input_file_id: batch.inputFileId,
    completion_window: batch.completionWindow,
    status: batch.status,
    output_file_id: batch.outputFileId,
    error_file_id: batch.errorFileId,
    created_at: seconds(batch.createdAt),
    in_progress_at: seconds(batch.inProgressAt),
    expires_at: seconds(batch.expiresAt),
    finalizing_at: seconds(batch.finalizingAt),
    completed_at: seconds(batch.completedAt),
    failed_at: seconds(batch.failedAt),
    expired_at: seconds(batch.expiredAt),
    cancelling_at: seconds(batch.cancellingAt),
    cancelled_at: seconds(batch.cancelledAt),
    request_counts: counts ?? { total: 0, completed: 0, failed: 0 },
    metadata: batch.metadata ?? null,
  };
}

/** Creating, reading and cancelling a tenant's batches; the runner does the rest. */
@Injectable()
export class BatchesService {
  constructor(
    private readonly batches: BatchesRepository,
    private readonly files: BatchFilesService,
  ) {}

  async create(principal: ApiKeyPrincipal, body: unknown) {
    const params = parseRequest(createBatchSchema, body);
    const file = await this.files.get(principal.tenantId, params.input_file_id);
    if (file.purpose !== 'batch') throw OpenAiError.invalid(`The file ${file.id} has purpose ${file.purpose}; a batch reads a file uploaded with purpose "batch".`, 'input_file_id');
    // One clock for both stamps: the database's now() and this process's differ, so expires_at would not be exactly
    // created_at + 24 h (a second short when the insert crossed a second boundary).
    const createdAt = new Date();
    const batch = await this.batches.create({
      id: newBatchId(),
      tenantId: principal.tenantId,
      apiKeyId: principal.apiKeyId,
      endpoint: params.endpoint,
      inputFileId: file.id,
      completionWindow: params.completion_window,
      status: 'validating',
      metadata: params.metadata ?? undefined,
      createdAt,
      expiresAt: new Date(createdAt.getTime() + COMPLETION_WINDOW_MS),
    });
    return batchObject(batch, undefined);
  }

  async get(tenantId: string, id: string) {
    const batch = await this.batches.find(tenantId, id);
    if (!batch) throw new OpenAiError(404, `No such Batch object: ${id}`, 'invalid_request_error', 'id', 'batch_not_found');
    return batchObject(batch, (await this.batches.counts([batch.id])).get(batch.id));
  }

  async list(tenantId: string, limit: number, after: string | undefined) {
    const rows = await this.batches.list(tenantId, limit, after);
    const counts = await this.batches.counts(rows.map((b) => b.id));
    return listPage(rows, limit, (b) => batchObject(b, counts.get(b.id)));
  }

  async cancel(tenantId: string, id: string) {
    const batch = await this.batches.cancel(tenantId, id);
    if (!batch) throw new OpenAiError(404, `No such Batch object: ${id}`, 'invalid_request_error', 'id', 'batch_not_found');
    if (!['cancelling', 'cancelled'].includes(batch.status)) {
      throw new OpenAiError(409, `Cannot cancel a batch with status ${batch.status}.`, 'invalid_request_error', null, 'batch_not_cancellable');
    }
    return batchObject(batch, (await this.batches.counts([batch.id])).get(batch.id));
  }
}
