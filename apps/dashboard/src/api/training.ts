import type { TrainingSchemas } from '../../../../libs/api-client/src';
import type { CreateTrainingJob } from '../../../training-service/src/jobs/training-job.dto';
import type { SelectedCheckpoint } from '../../../training-service/src/runner/selected-checkpoint';
import { ApiError } from './api-error';
import { apiUrl, authHeaders, ListPage, requestJson } from './http';

export type TrainingKind = 'tokenizer' | 'pretrain' | 'finetune';
export type JobStatus = 'validating_files' | 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';
export type Auto<T> = T | 'auto';
export type Hyperparameters = {
  steps?: Auto<number>;
  epochs?: Auto<number>;
  batchSize?: Auto<number>;
  learningRate?: Auto<number>;
  warmupSteps?: Auto<number>;
  weightDecay?: number;
  seed?: number;
  checkpointEvery?: number;
};
export type ModelShape = { layers?: number; heads?: number; embeddingSize?: number; contextLength?: number; vocabSize?: number };
/** The latest progress report; the fields other than step and totalSteps are optional (a job just started has few). */
export type JobProgress = {
  phase?: string;
  step: number;
  totalSteps: number;
  loss?: number | null;
  tokensPerSecond?: number | null;
  etaSeconds?: number | null;
  trainedTokens?: number;
};
export type TrainingJob = {
  id: string;
  kind: TrainingKind;
  status: JobStatus;
  datasetVersionId: string;
  /** The version whose loss each checkpoint reports (OpenAI's validation_file), when the job has one. */
  validationDatasetVersionId: string | null;
  earlyStopping: CreateTrainingJob['earlyStopping'] | null;
  /** Which checkpoint became the model, by which metric and why: set when a model job succeeds. */
  selectedCheckpoint: SelectedCheckpoint | null;
  baseModelId: string | null;
  model: ModelShape | null;
  hyperparameters: Hyperparameters | null;
  /** How a model job trains: the whole model, or a LoRA adapter (with its settings as resolved) on a frozen base. */
  method: 'full' | 'lora' | null;
  adapter: { type: 'lora'; rank: number; alpha: number; dropout: number; targetModules: string[] } | null;
  suffix: string | null;
  estimatedMemoryBytes: number | null;
  trainedTokens: number;
  modelId: string | null;
  error: unknown;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  progress: JobProgress | null;
};
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
