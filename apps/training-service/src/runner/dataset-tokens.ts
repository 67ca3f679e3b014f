import { TrainingData } from '@llmchain/model-runtime';
import { BlobStore } from '@llmchain/platform';
import { datasetRecords, DatasetManifest } from './dataset-records';
import { JobTokenizer } from './job-tokenizer';
import { RecordEncoder } from './record-encoding';
import { TokenBuffer } from './token-stream';
import { TrainingJobHooks } from './training-job';

/**
 * A dataset as one token stream (records end with end-of-text), capped at maxTokens; `weighted` adds each token's
 * loss weight (RecordEncoder.encodeWeighted: completion-only loss). `truncated`: the cap left records out.
 */
export async function encodeDataset(
  blobs: BlobStore,
  manifest: DatasetManifest,
  jobTokenizer: JobTokenizer,
  maxTokens: number,
  weighted: boolean,
): Promise<{ data: TrainingData; truncated: boolean }> {
  const encoder = new RecordEncoder(jobTokenizer.tokenizer, manifest.format);
  const buffer = new TokenBuffer(maxTokens, weighted);
  for await (const record of datasetRecords(blobs, manifest)) {
    const { ids, weights } = weighted ? encoder.encodeWeighted(record) : { ids: encoder.encode(record), weights: undefined };
    if (!buffer.append(ids, weights)) return { data: buffer.trainingData(), truncated: true };
  }
  return { data: buffer.trainingData(), truncated: false };
}

/** The training dataset's token stream (see encodeDataset), warning when the cap cuts it. */
export async function tokenizeDataset(
  blobs: BlobStore,
  manifest: DatasetManifest,
  jobTokenizer: JobTokenizer,
  maxTokens: number,
  hooks: TrainingJobHooks,
  weighted = false,
): Promise<TrainingData> {
  await hooks.phase('tokenizing');
  const { data, truncated } = await encodeDataset(blobs, manifest, jobTokenizer, maxTokens, weighted);
  if (truncated) await hooks.warn(`the dataset has more than ${maxTokens} tokens: training uses the first ${maxTokens}`);
  return data;
}
