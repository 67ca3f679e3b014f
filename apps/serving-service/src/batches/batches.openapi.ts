import { fileField, listPageOf, RouteDoc } from '@llmchain/platform';
import { z } from 'zod';
import { createBatchSchema } from './batches.service';
import { batchListQuery, fileListQuery } from './list-query';

const serving = { caller: 'tenant', auth: { apiKey: 'serving' } } as const;

const fileObject = z
  .object({
    id: z.string(),
    object: z.literal('file'),
    bytes: z.number().int(),
    created_at: z.number().int(),
    filename: z.string(),
    purpose: z.enum(['batch', 'batch_output']),
    status: z.literal('processed'),
    status_details: z.null(),
    expires_at: z.number().int().nullable(),
  })
  .meta({ id: 'OpenAIFile' });

const seconds = z.number().int().nullable();
const batchObject = z
  .looseObject({
    id: z.string(),
    object: z.literal('batch'),
    endpoint: z.string(),
    errors: z.looseObject({}).nullable(),
    input_file_id: z.string(),
    completion_window: z.string(),
    status: z.enum(['validating', 'failed', 'in_progress', 'finalizing', 'completed', 'expired', 'cancelling', 'cancelled']),
    output_file_id: z.string().nullable(),
    error_file_id: z.string().nullable(),
    created_at: z.number().int(),
    in_progress_at: seconds,
    expires_at: seconds,
    request_counts: z.object({ total: z.number().int(), completed: z.number().int(), failed: z.number().int() }),
  })
  .meta({ id: 'Batch' });

/** OpenAI's files and batches (batch-files.controller.ts, batches.controller.ts). */
export const BATCH_ROUTES: readonly RouteDoc[] = [
  {
    ...serving,
    method: 'POST',
    path: '/v1/files',
    operationId: 'createFile',
    summary: 'Upload a batch input file (JSONL, one request a line, each checked as its endpoint would)',
    multipart: z.object({ file: fileField('The .jsonl file'), purpose: z.literal('batch') }),
    responses: { 201: { description: 'The stored file', json: fileObject } },
  },
  { ...serving, method: 'GET', path: '/v1/files', operationId: 'listFiles', summary: 'The tenant’s files', query: fileListQuery, responses: { 200: { description: 'A page of files', json: listPageOf(fileObject).meta({ id: 'ListFilesResponse' }) } } },
  { ...serving, method: 'GET', path: '/v1/files/:id', operationId: 'retrieveFile', summary: 'One file', responses: { 200: { description: 'The file', json: fileObject } } },
  { ...serving, method: 'GET', path: '/v1/files/:id/content', operationId: 'downloadFile', summary: 'The file’s bytes', responses: { 200: { description: 'JSONL', mediaType: 'application/jsonl' } } },
  {
    ...serving,
    method: 'DELETE',
    path: '/v1/files/:id',
    operationId: 'deleteFile',
    summary: 'Delete a file',
    responses: { 200: { description: 'Deleted', json: z.object({ id: z.string(), object: z.literal('file'), deleted: z.literal(true) }).meta({ id: 'DeleteFileResponse' }) } },
  },
  {
    ...serving,
    method: 'POST',
    path: '/v1/batches',
    operationId: 'createBatch',
    summary: 'Run a file of requests within 24 hours',
    body: createBatchSchema,
    example: { input_file_id: 'file-abc123', endpoint: '/v1/chat/completions', completion_window: '24h' },
    errors: [429],
    responses: { 200: { description: 'The batch, validating', json: batchObject } },
  },
  { ...serving, method: 'GET', path: '/v1/batches', operationId: 'listBatches', summary: 'The tenant’s batches', query: batchListQuery, responses: { 200: { description: 'A page of batches', json: listPageOf(batchObject).meta({ id: 'ListBatchesResponse' }) } } },
  { ...serving, method: 'GET', path: '/v1/batches/:id', operationId: 'retrieveBatch', summary: 'One batch', responses: { 200: { description: 'The batch', json: batchObject } } },
  { ...serving, method: 'POST', path: '/v1/batches/:id/cancel', operationId: 'cancelBatch', summary: 'Cancel a batch', errors: [409], responses: { 200: { description: 'The batch, cancelling', json: batchObject } } },
];
