import { ListPage, requestJson, send } from './http';

/** serving's batches.service.ts view (OpenAI's Batch object; times in Unix seconds). */
export type Batch = {
  id: string;
  endpoint: string;
  status: 'validating' | 'in_progress' | 'finalizing' | 'completed' | 'failed' | 'expired' | 'cancelling' | 'cancelled';
  input_file_id: string;
  output_file_id: string | null;
  error_file_id: string | null;
  created_at: number;
  completed_at: number | null;
  expires_at: number | null;
  request_counts: { total: number; completed: number; failed: number };
};

/** Statuses a batch can still be cancelled in. */
export const CANCELLABLE: Batch['status'][] = ['validating', 'in_progress'];

/** A tenant's batches on serving, which takes the session's API key only. */
export const batchesApi = (apiKey: string) => ({
  list: (limit: number, after?: string) => requestJson<ListPage<Batch>>('serving', '/v1/batches', { token: apiKey, query: { limit, after } }),
  cancel: (id: string) => requestJson<Batch>('serving', `/v1/batches/${id}/cancel`, { token: apiKey, method: 'POST' }),
  fileContent: (fileId: string) => send('serving', `/v1/files/${fileId}/content`, { token: apiKey }).then((response) => response.blob()),
});
