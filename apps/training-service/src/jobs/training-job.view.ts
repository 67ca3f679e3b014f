import { TrainingCheckpoint, TrainingJob, TrainingJobEvent } from '../generated/prisma/client';
import type { SelectedCheckpoint } from '../runner/selected-checkpoint';
import { isLoraJobSettings, ResolvedTrainingSettings } from '../settings';
import type { EarlyStopping } from './training-job.dto';

/** A job as the API shows it: the resolved settings (what 'auto' became), its state and latest progress. */
export function trainingJobView(job: TrainingJob) {
  const settings = job.settings as unknown as ResolvedTrainingSettings;
  return {
    id: job.id,
    object: 'training.job' as const,
    kind: job.kind,
    status: job.status,
    datasetVersionId: job.datasetVersionId,
    validationDatasetVersionId: job.validationDatasetVersionId,
    // Both columns hold what the code wrote: the parsed request's settings and the runner's SelectedCheckpoint.
    earlyStopping: job.earlyStopping as EarlyStopping | null,
    /** Which checkpoint became the model, by which metric, and why (set when the job succeeds). */
    selectedCheckpoint: job.selectedCheckpoint as SelectedCheckpoint | null,
    baseModelId: job.baseModelId,
    model: settings.kind === 'tokenizer' ? { vocabSize: settings.tokenizerVocabSize } : modelShape(settings),
    hyperparameters: settings.kind === 'tokenizer' ? null : settings.hyperparameters,
    estimatedMemoryBytes: settings.kind === 'tokenizer' ? null : settings.estimatedMemoryBytes,
    method: settings.kind === 'tokenizer' ? null : (settings.method ?? 'full'),
    adapter: isLoraJobSettings(settings) ? { type: 'lora' as const, ...settings.adapter } : null,
    suffix: job.suffix,
    trainedTokens: Number(job.trainedTokens),
    progress: job.progress,
    cancelRequested: job.cancelRequested,
    modelId: job.modelId,
    tokenizerId: job.tokenizerId,
    error: job.error,
    createdAt: job.createdAt,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt,
  };
}

/** The shape trained: a GPT-2 model's, or a LoRA job's base (its architecture) and training window. */
function modelShape(settings: Exclude<ResolvedTrainingSettings, { kind: 'tokenizer' }>) {
  if (isLoraJobSettings(settings)) {
    const { architecture, config } = settings.model;
    return { architecture, layers: config.nLayer, heads: config.nHead, contextLength: settings.hyperparameters.seqLen, vocabSize: config.vocabSize };
  }
  const { model } = settings;
  return {
    layers: model.nLayer,
    heads: model.nHead,
    embeddingSize: model.nEmbd,
    contextLength: model.contextLength,
    vocabSize: model.vocabSize,
  };
}

export function trainingJobEventView(event: TrainingJobEvent) {
  return {
    id: event.id.toString(),
    object: 'training.job.event' as const,
    level: event.level,
    type: event.type,
    message: event.message,
    data: event.data,
    createdAt: event.createdAt,
  };
}

export function checkpointView(checkpoint: TrainingCheckpoint) {
  return {
    object: 'training.job.checkpoint' as const,
    step: checkpoint.step,
    trainLoss: checkpoint.trainLoss,
    valLoss: checkpoint.valLoss,
    validationLoss: checkpoint.validationLoss,
    // OpenAI's fine-tuning checkpoint metrics: valid_loss and full_valid_loss are the validation set's when the job has one.
    metrics: {
      step: checkpoint.step,
      train_loss: checkpoint.trainLoss,
      valid_loss: checkpoint.validationLoss ?? checkpoint.valLoss,
      full_valid_loss: checkpoint.validationLoss,
    },
    sha256: checkpoint.sha256,
    createdAt: checkpoint.createdAt,
  };
}
