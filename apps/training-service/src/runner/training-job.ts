import { GptConfig } from '@llmchain/model-runtime';
import { LoraSettings, ResolvedTrainingSettings, TrainingJobKind } from '../settings';
import { SelectedCheckpoint } from './selected-checkpoint';

export type { SelectedCheckpoint };

/** What a running job is doing, as training.job.progress names it. */
export type TrainingPhase = 'tokenizer' | 'tokenizing' | 'training' | 'evaluating' | 'exporting';

export interface TrainingJobSpec {
  kind: TrainingJobKind;
  jobId: string;
  tenantId: string;
  settings: ResolvedTrainingSettings;
  /** The dataset version's manifest.json in the blob store, and the SHA-256 recorded when it was published. */
  dataset: DatasetRef;
  /** A second dataset version whose loss is measured at every checkpoint and selects the checkpoint registered. */
  validation?: DatasetRef;
  /** Stop when the selection metric has not improved by more than minDelta for `patience` checkpoints in a row. */
  earlyStopping?: EarlyStopping;
  /** An existing tokenizer.json to reuse (its tokenizer_config.json beside it is read too); absent: train BPE on the dataset. */
  tokenizer?: { blobKey: string };
  /** The model a fine-tune starts from: its model.safetensors and tokenizer.json, and its name (an adapter's base_model_name_or_path). */
  baseModel?: { weightsBlobKey: string; tokenizerBlobKey: string; name?: string };
  /** Local scratch directory (created if missing); the caller removes it when the job is over. */
  workDir: string;
  /** Blob key prefix of everything this job writes, e.g. tenants/<tenant>/training-jobs/<jobId>. */
  outputPrefix: string;
  limits?: TrainingJobLimits;
}

export interface DatasetRef {
  manifestBlobKey: string;
  manifestSha256: string;
}

export interface EarlyStopping {
  patience: number;
  minDelta: number;
  /** Select and stop on an eval's score of each checkpoint (higher is better) instead of a loss. */
  eval?: { testingCriteria: string; score: 'pass_rate' | 'mean_score' };
}

export interface TrainingJobLimits {
  /** Tokens of the dataset kept for training and evaluation; the rest is left out with a warning. */
  maxDatasetTokens?: number;
  /** Batches each evaluation (held-out and training sample) scores at most. */
  maxEvalBatches?: number;
  /** Tokens of the validation dataset scored at each checkpoint; the rest is left out with a warning. */
  maxValidationTokens?: number;
}

export const DEFAULT_MAX_DATASET_TOKENS = 16 * 2 ** 20;
export const DEFAULT_MAX_EVAL_BATCHES = 4;
export const DEFAULT_MAX_VALIDATION_TOKENS = 64 * 1024;

export interface TrainingProgress {
  step: number;
  totalSteps: number;
  /** Training loss of the step just taken. */
  loss: number;
  /** Since the previous report. */
  tokensPerSecond: number;
  etaSeconds: number;
  /** step × batch × seqLen. */
  trainedTokens: number;
}

export interface CheckpointRecord {
  step: number;
  /** Mean loss over a bounded sample of the training tokens, like valLoss without dropout. */
  trainLoss: number;
  /** Mean loss over a bounded part of the held-out tokens. */
  valLoss: number;
  /** Mean loss over the validation dataset's tokens (up to maxValidationTokens); null when the job has none. */
  validationLoss: number | null;
  /** The early-stopping eval's score of this checkpoint; null or absent until it ran (or when the job stops on a loss). */
  evalScore?: number | null;
  blobKey: string;
  sha256: string;
}

export interface TrainingJobHooks {
  /** Called at most about once a second while training, and always for the last step. */
  progress(progress: TrainingProgress): Promise<void>;
  /** Called after a checkpoint file is committed in the blob store; record it, latestCheckpoint returns it after a crash. */
  checkpoint(checkpoint: CheckpointRecord): Promise<void>;
  /** Where a restarted job resumes: the last recorded checkpoint, or null to start from the beginning. */
  latestCheckpoint(): Promise<{ step: number; blobKey: string } | null>;
  /** Every recorded checkpoint in step order: a restarted job rebuilds its best-so-far and early-stopping count from them. */
  recordedCheckpoints(): Promise<CheckpointRecord[]>;
  /** With an eval in earlyStopping: runs it on a recorded checkpoint and records the score, which it returns. */
  scoreCheckpoint?(checkpoint: CheckpointRecord): Promise<number>;
  /** Called before the run writes a file under its output prefix (a checkpoint, the model); throws to stop it. */
  beforeWrite?(): Promise<void>;
  /** Checked before every step (make it cheap); true ends the job as cancelled, its checkpoints kept. */
  shouldStop(): Promise<boolean>;
  warn(message: string): Promise<void>;
  phase(name: TrainingPhase): Promise<void>;
}

export interface StoredFile {
  /** Relative to the model directory, '/'-separated (e.g. onnx/model.onnx). */
  path: string;
  bytes: number;
  sha256: string;
}

export interface TrainedModel {
  /** Blob key prefix the model directory's files lie under (what serving lists and strips). */
  artifactBlobKey: string;
  /** SHA-256 of the sorted "<path> <sha256>\n" lines of every file. */
  artifactSha256: string;
  files: StoredFile[];
  weightsBlobKey: string;
  tokenizerBlobKey: string;
  config: GptConfig;
  metrics: TrainedMetrics;
}

/** The selected checkpoint's losses: the registered weights are that checkpoint's. */
export type TrainedMetrics = {
  trainLoss: number;
  valLoss: number;
  valPerplexity: number;
  validationLoss: number | null;
};

/** A LoRA job's product: PEFT files (adapter_config.json, adapter_model.safetensors) under artifactBlobKey. */
export interface TrainedAdapter {
  artifactBlobKey: string;
  artifactSha256: string;
  files: StoredFile[];
  weightsBlobKey: string;
  settings: LoraSettings;
  metrics: TrainedMetrics;
}

export interface TrainingJobResult {
  /** The tokenizer the job trained (trained: true) or used. */
  tokenizer: { blobKey: string; sha256: string; trained: boolean };
  /** Absent for tokenizer jobs, LoRA jobs and cancelled jobs. */
  model?: TrainedModel;
  /** A finished LoRA job's adapter. */
  adapter?: TrainedAdapter;
  /** The checkpoint registered (model and LoRA jobs that finished). */
  selectedCheckpoint?: SelectedCheckpoint;
  /** Tokens trained on: completed steps × batch × seqLen, counting steps done before a resume. */
  trainedTokens: number;
  cancelled: boolean;
}

export type TrainingJobErrorCode =
  | 'dataset_integrity'
  | 'dataset_format'
  | 'dataset_too_small'
  | 'tokenizer_unusable'
  | 'base_model_mismatch'
  | 'checkpoint_mismatch'
  | 'training_diverged'
  | 'invalid_spec';

/** A job that cannot succeed as specified: retrying it fails the same way. Other errors may be transient. */
export class TrainingJobError extends Error {
  constructor(
    readonly code: TrainingJobErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'TrainingJobError';
  }
}
