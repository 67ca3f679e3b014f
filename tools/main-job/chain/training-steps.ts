import type { TrainingSchemas } from '@llmchain/api-client';
import { setTimeout as sleep } from 'node:timers/promises';
import { followJob } from '../../train/follow-job';
import { TrainingApiError, TrainingClient, TrainingJob } from '../../train/training-client';
import { ChainError, HttpClient } from './http-client';

export type TrainingSettings = { model: Record<string, number>; hyperparameters: Record<string, number> };
export type TrainedModel = { job: TrainingJob; modelId: string; modelName: string; lossCurve: { step: number; loss: number }[]; metrics: Record<string, number> };

/**
 * Trains a tokenizer and a GPT on the dataset version (one pretrain job: it trains the tokenizer first when the
 * version has none) or, given an imported base, a LoRA adapter on it (model.contextLength is the training window);
 * follows the job with the CLI's progress bar, and returns the registered model (or adapter) with its loss curve.
 */
export async function trainModel(
  training: HttpClient,
  apiKey: string,
  datasetVersionId: string,
  settings: TrainingSettings,
  out: NodeJS.WriteStream | null,
  baseModelId?: string,
): Promise<TrainedModel> {
  const client = new TrainingClient(training.baseUrl, apiKey);
  const request = baseModelId
    ? {
        kind: 'finetune',
        baseModelId,
        adapter: { type: 'lora' },
        model: { contextLength: settings.model.contextLength },
        method: { type: 'supervised', supervised: { hyperparameters: settings.hyperparameters } },
      }
    : { kind: 'pretrain', ...settings };
  const created = await createWhenKnown(client, { datasetVersionId, suffix: 'demo', ...request });
  const lossCurve: { step: number; loss: number }[] = [];
  const job = out
    ? await followJob(client, created.id, out, (step, loss) => lossCurve.push({ step, loss }))
    : await waitQuietly(client, created.id, lossCurve);
  if (job.status !== 'succeeded' || !job.modelId) throw new ChainError(`training job ${job.id} ${job.status}: ${job.error}`);
  const model = await training.get<TrainingSchemas['RegisteredModel']>(`/v1/models/${job.modelId}`);
  // A trained model's metrics are its final figures (losses, perplexity), all numbers.
  return { job, modelId: job.modelId, modelName: model.name, lossCurve, metrics: model.metrics as Record<string, number> };
}

/**
 * data-service reports a version done when it commits it; training-service learns of it from dataset.version.ready a
 * moment later, and answers 404 until then.
 */
async function createWhenKnown(client: TrainingClient, request: Record<string, unknown>, timeoutMs = 60_000): Promise<TrainingJob> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await client.createJob(request);
    } catch (error) {
      if (!(error instanceof TrainingApiError && error.status === 404) || Date.now() > deadline) throw error;
      await sleep(500);
    }
  }
}

async function waitQuietly(client: TrainingClient, jobId: string, lossCurve: { step: number; loss: number }[]): Promise<TrainingJob> {
  let after: string | null = null;
  for (;;) {
    for (const event of await client.eventsAfter(jobId, after)) {
      after = event.id;
      if (event.type === 'progress' && event.data) {
        // A progress event's data is the job's progress snapshot.
        const { step, loss } = event.data as TrainingSchemas['TrainingJobProgress'];
        lossCurve.push({ step, loss });
      }
    }
    const job = await client.job(jobId);
    if (['succeeded', 'failed', 'cancelled'].includes(job.status)) return job;
    await sleep(1000);
  }
}
