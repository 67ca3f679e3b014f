// Wire types serving-service declares, imported as types only (nothing of the client reaches the bundle).
import type { ServingPaths, ServingSchemas } from '../../../../libs/api-client/src';
import { ApiError } from './api-error';
import { apiUrl, authHeaders, ListPage, requestJson, send } from './http';

/** OpenAI's Batch object (times in Unix seconds). */
export type Batch = ServingSchemas['Batch'];
export type BatchFile = ServingSchemas['OpenAIFile'];
export type NewBatch = ServingPaths['/v1/batches']['post']['requestBody']['content']['application/json'];
export type BatchEndpoint = NewBatch['endpoint'];
export const BATCH_ENDPOINTS: BatchEndpoint[] = ['/v1/chat/completions', '/v1/completions', '/v1/embeddings'];

/** Statuses a batch can still be cancelled in. */
export const CANCELLABLE: Batch['status'][] = ['validating', 'in_progress'];

/** A tenant's batches on serving, which takes the session's API key only. */
export const batchesApi = (apiKey: string) => ({
  list: (limit: number, after?: string) => requestJson<ListPage<Batch>>('serving', '/v1/batches', { token: apiKey, query: { limit, after } }),
  /** OpenAI's files.create: the JSONL file and `purpose: batch`, as one multipart form. */
  upload: async (file: File): Promise<BatchFile> => {
    const form = new FormData();
    form.append('purpose', 'batch');
    form.append('file', file, file.name);
    const response = await fetch(apiUrl('serving', '/v1/files'), { method: 'POST', headers: { ...authHeaders(apiKey), accept: 'application/json' }, body: form });
    if (!response.ok) throw await ApiError.from(response);
    return response.json();
  },
  create: (body: NewBatch) => requestJson<Batch>('serving', '/v1/batches', { token: apiKey, body }),
  cancel: (id: string) => requestJson<Batch>('serving', `/v1/batches/${id}/cancel`, { token: apiKey, method: 'POST' }),
  fileContent: (fileId: string) => send('serving', `/v1/files/${fileId}/content`, { token: apiKey }).then((response) => response.blob()),
});
