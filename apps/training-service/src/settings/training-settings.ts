import { DecoderModelConfig, GptConfig } from '@llmchain/model-runtime';

export type TrainingJobKind = 'tokenizer' | 'pretrain' | 'finetune';

/** Record shapes a dataset version's shards hold (data-service's manifest `format`). */
export type DatasetFormat = 'documents' | 'prompt-completion' | 'chat';

/** Model shape as the HTTP API names it; every field optional (defaults, or the base model's shape to fine-tune). */
export interface ModelShapeRequest {
  layers?: number;
  heads?: number;
  embeddingSize?: number;
  contextLength?: number;
  vocabSize?: number;
}

export interface HyperparametersRequest {
  steps?: number | 'auto';
  epochs?: number | 'auto';
  batchSize?: number | 'auto';
  learningRate?: number | 'auto';
  warmupSteps?: number | 'auto';
  weightDecay?: number;
  seed?: number;
  checkpointEvery?: number;
}

/** OpenAI's fine-tuning `method`: only supervised learning, whose hyperparameters may be given here instead of at the top. */
export interface TrainingMethodRequest {
  type: 'supervised';
  supervised?: { hyperparameters?: HyperparametersRequest };
}

/** A LoRA adapter to train on a frozen base instead of the whole model (PEFT's r, lora_alpha, lora_dropout, target_modules). */
export interface LoraAdapterRequest {
  type: 'lora';
  rank?: number;
  alpha?: number;
  dropout?: number;
  target_modules?: string[];
}

export interface TrainingSettingsRequest {
  kind: TrainingJobKind;
  model?: ModelShapeRequest;
  hyperparameters?: HyperparametersRequest;
  method?: TrainingMethodRequest;
  adapter?: LoraAdapterRequest;
}

/** What the service knows besides the request: the dataset, the base model, and this deployment's limits. */
export interface TrainingSettingsContext {
  /** The dataset version's token estimate (data-service's, so approximate). */
  datasetEstimatedTokens: number;
  datasetFormat?: DatasetFormat;
  /** The model a fine-tune starts from: its architecture and shape, and its tokenizer's vocabulary. */
  baseModel?: { model: DecoderModelConfig; tokenizerVocabSize: number };
  /** An existing tokenizer a pretraining job reuses instead of training one: the model's vocabulary follows it. */
  tokenizer?: { vocabSize: number };
  /** TRAINING_MEMORY_BUDGET_MB in bytes. */
  memoryBudgetBytes: number;
  /** The most optimizer steps one job may take. */
  maxSteps: number;
}

export interface ResolvedHyperparameters {
  steps: number;
  /** Passes over the dataset the steps amount to (from the estimate): steps × batchSize × seqLen / tokens. */
  epochs: number;
  batchSize: number;
  /** Tokens per training sequence: the model's context length. */
  seqLen: number;
  /** Peak learning rate, reached after warmup; cosine decay to minLearningRate at the last step. */
  learningRate: number;
  minLearningRate: number;
  warmupSteps: number;
  weightDecay: number;
  seed: number;
  checkpointEvery: number;
}

export interface TokenizerJobSettings {
  kind: 'tokenizer';
  /** Vocabulary the byte-level BPE learns (256 bytes + merges + special tokens). */
  tokenizerVocabSize: number;
}

export interface ModelJobSettings {
  kind: 'pretrain' | 'finetune';
  /** The whole model trains (absent in jobs stored before LoRA existed). */
  method?: 'full';
  /** Vocabulary of a tokenizer trained for this job; the model's vocabSize follows the tokenizer actually used. */
  tokenizerVocabSize: number;
  model: GptConfig;
  hyperparameters: ResolvedHyperparameters;
  /** estimateTrainingMemoryBytes for this model and batch. */
  estimatedMemoryBytes: number;
}

/** The adapter a LoRA job trains, as PEFT's LoraConfig names its settings. */
export interface LoraSettings {
  rank: number;
  alpha: number;
  dropout: number;
  targetModules: string[];
}

/** A LoRA fine-tune: only the adapter and its optimizer state train; the base (either architecture) stays frozen. */
export interface LoraJobSettings {
  kind: 'finetune';
  method: 'lora';
  /** The base's tokenizer vocabulary (the job uses the base's tokenizer). */
  tokenizerVocabSize: number;
  /** The base model, as imported or trained. */
  model: DecoderModelConfig;
  adapter: LoraSettings;
  /** seqLen is the training window, at most the base's context length. */
  hyperparameters: ResolvedHyperparameters;
  /** estimateLoraTrainingMemoryBytes for this base, adapter and batch. */
  estimatedMemoryBytes: number;
}

/** Everything a job runs with, fixed before the job row exists (stored with it as JSON). */
export type ResolvedTrainingSettings = TokenizerJobSettings | ModelJobSettings | LoraJobSettings;

export const isLoraJobSettings = (settings: ResolvedTrainingSettings): settings is LoraJobSettings =>
  settings.kind === 'finetune' && settings.method === 'lora';

/** A request the service cannot run; `field` names the setting (e.g. 'hyperparameters.learningRate'). */
export class TrainingSettingsError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'TrainingSettingsError';
  }
}
