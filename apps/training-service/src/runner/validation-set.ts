import { TrainingData } from '@llmchain/model-runtime';
import { BlobStore } from '@llmchain/platform';
import { readDatasetManifest } from './dataset-records';
import { encodeDataset } from './dataset-tokens';
import { JobTokenizer } from './job-tokenizer';
import { DEFAULT_MAX_VALIDATION_TOKENS, TrainingJobError, TrainingJobHooks, TrainingJobSpec } from './training-job';

/**
 * The job's validation dataset version, verified against its published checksum and encoded as the training data is
 * (same tokenizer, same loss weights), up to maxValidationTokens so each checkpoint's validation pass is bounded.
 * Undefined when the job has none.
 */
export async function loadValidationSet(
  spec: TrainingJobSpec,
  blobs: BlobStore,
  jobTokenizer: JobTokenizer,
  hooks: TrainingJobHooks,
  weighted: boolean,
): Promise<TrainingData | undefined> {
  if (!spec.validation) return undefined;
  const manifest = await readDatasetManifest(blobs, spec.validation);
  const maxTokens = spec.limits?.maxValidationTokens ?? DEFAULT_MAX_VALIDATION_TOKENS;
  const { data, truncated } = await encodeDataset(blobs, manifest, jobTokenizer, maxTokens, weighted);
  if (truncated) await hooks.warn(`the validation dataset has more than ${maxTokens} tokens: each checkpoint scores the first ${maxTokens}`);
  if (data.lossWeights && !data.lossWeights.some((w) => w > 0)) {
    throw new TrainingJobError('dataset_format', 'the validation dataset has no completion or assistant turn to score (completion-only loss weighs only those)');
  }
  return data;
}

/** Refuses a validation set too short for one evaluation batch of windows. */
export function checkValidationLength(validation: TrainingData, seqLen: number, evalBatch: number): void {
  const needed = evalBatch * seqLen + 1;
  if (validation.tokens.length < needed) {
    throw new TrainingJobError(
      'dataset_too_small',
      `the validation dataset tokenizes to ${validation.tokens.length} tokens; scoring it needs at least ${needed} (${evalBatch} windows of ${seqLen + 1}): use a larger validation dataset`,
    );
  }
}
