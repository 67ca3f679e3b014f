import type { TrainingSchemas } from '../../../../libs/api-client/src';
import type { CreateTrainingJob } from '../../../training-service/src/jobs/training-job.dto';
import { ApiError } from './api-error';
import { apiUrl, authHeaders, ListPage, requestJson } from './http';

/** A job as training-service answers it: settings as resolved, early stopping and the selected checkpoint. */
export type TrainingJob = TrainingSchemas['TrainingJob'];
/** `id` is the event's sequence number (a digit string); `?after=` takes the last one seen. */
export type JobEvent = TrainingSchemas['TrainingJobEvent'];
/** valLoss: the held-out tail of the training data; validationLoss: the job's validation dataset version, when it has one. */
export type Checkpoint = TrainingSchemas['TrainingCheckpoint'];
export type RegisteredModel = TrainingSchemas['RegisteredModel'];
export type ModelKind = RegisteredModel['kind'];
export type ModelImport = TrainingSchemas['ModelImport'];
export type ImportOptions = { name?: string; platform?: boolean; idempotencyKey: string };

/** POST /v1/training/jobs's body, as training-service's schema declares it (a type-only import: no server code). */
export type StartJob = CreateTrainingJob;
export type TrainingKind = StartJob['kind'];
export type LoraAdapter = NonNullable<CreateTrainingJob['adapter']>;

/** training-service, with one of the tenant's API keys (scope `training`). */
export const trainingApi = (token: string) => ({
  jobs: (limit: number, after?: string) => requestJson<ListPage<TrainingJob>>('training', '/v1/training/jobs', { token, query: { limit, after } }),
  job: (id: string) => requestJson<TrainingJob>('training', `/v1/training/jobs/${id}`, { token }),
  startJob: (body: StartJob) => requestJson<TrainingJob>('training', '/v1/training/jobs', { token, body }),
  cancelJob: (id: string) => requestJson<TrainingJob>('training', `/v1/training/jobs/${id}/cancel`, { token, method: 'POST' }),
  events: (id: string, after?: string, limit = 100) => requestJson<ListPage<JobEvent>>('training', `/v1/training/jobs/${id}/events`, { token, query: { after, limit } }),
  checkpoints: (id: string) => requestJson<ListPage<Checkpoint>>('training', `/v1/training/jobs/${id}/checkpoints`, { token }),
  models: (limit: number, after?: string) => requestJson<ListPage<RegisteredModel>>('training', '/v1/models', { token, query: { limit, after } }),
  model: (id: string) => requestJson<RegisteredModel>('training', `/v1/models/${id}`, { token }),
  /** A tar of a Hugging Face model directory, streamed from the chosen file. */
  importTar: async (file: Blob, { name, platform, idempotencyKey }: ImportOptions): Promise<ModelImport> => {
    const response = await fetch(apiUrl('training', '/v1/models/imports', { name, platform: platform ? 'true' : undefined }), {
      method: 'POST',
      headers: { ...authHeaders(token), accept: 'application/json', 'content-type': 'application/x-tar', 'idempotency-key': idempotencyKey },
      body: file,
    });
    if (!response.ok) throw await ApiError.from(response);
    return (await response.json()) as ModelImport;
  },
  importFromBlob: (blobKey: string, { name, platform, idempotencyKey }: ImportOptions) =>
    requestJson<ModelImport>('training', '/v1/models/imports', { token, body: { blob_key: blobKey, ...(name ? { name } : {}), platform: Boolean(platform) }, idempotencyKey }),
  modelImport: (id: string) => requestJson<ModelImport>('training', `/v1/models/imports/${id}`, { token }),
});
export type TrainingApi = ReturnType<typeof trainingApi>;
