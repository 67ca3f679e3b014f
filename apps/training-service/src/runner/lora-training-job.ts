import { Checkpoint, ModelImportError, ModelParams, readCheckpointParams, TrainingModelSpec } from '@llmchain/model-runtime';
import { BlobStore } from '@llmchain/platform';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { LoraJobSettings } from '../settings';
import { downloadBlob } from './blob-files';
import { DatasetManifest } from './dataset-records';
import { JobTokenizer } from './job-tokenizer';
import { uploadModelDirectory } from './model-artifact';
import { tokenizeDataset } from './dataset-tokens';
import { splitHeldOut } from './token-stream';
import { loadValidationSet } from './validation-set';
import { loopContext, runTrainingLoop } from './training-loop';
import {
  DEFAULT_MAX_DATASET_TOKENS, TrainedAdapter, TrainingJobError, TrainingJobHooks, TrainingJobResult, TrainingJobSpec,
} from './training-job';

/** Where a LoRA job's PEFT files go: adapter_config.json and adapter_model.safetensors, what serving reads. */
export const adapterArtifactKey = (outputPrefix: string) => `${outputPrefix}/adapter`;
export const ADAPTER_WEIGHTS_FILE = 'adapter_model.safetensors';

/** The frozen base's parameters from its model.safetensors (imported: Hugging Face names; trained GPT-2: the runtime's). */
async function loadBase(spec: TrainingJobSpec, blobs: BlobStore, settings: LoraJobSettings): Promise<ModelParams> {
  const dir = path.join(spec.workDir, 'base');
  await downloadBlob(blobs, spec.baseModel!.weightsBlobKey, path.join(dir, 'model.safetensors'));
  try {
    const checkpoint = Checkpoint.open(dir);
    try {
      return readCheckpointParams(checkpoint, settings.model);
    } finally {
      checkpoint.close();
    }
  } catch (error) {
    if (!(error instanceof ModelImportError)) throw error;
    throw new TrainingJobError('base_model_mismatch', `the base model's weights (${spec.baseModel!.weightsBlobKey}) do not match its config: ${error.message}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * A LoRA fine-tune: the dataset encoded with completion-only loss weights by the base's tokenizer (and chat template),
 * the adapter trained on the frozen base with checkpoints and resume as any job, then its PEFT files exported under
 * <outputPrefix>/adapter for serving to load on top of the base.
 */
export async function runLoraTrainingJob(
  spec: TrainingJobSpec,
  settings: LoraJobSettings,
  context: { manifest: DatasetManifest; jobTokenizer: JobTokenizer; hooks: TrainingJobHooks; blobs: BlobStore },
): Promise<TrainingJobResult> {
  const { manifest, jobTokenizer, hooks, blobs } = context;
  if (!spec.baseModel) throw new TrainingJobError('invalid_spec', 'a LoRA job needs baseModel');
  const tokenizer = { blobKey: jobTokenizer.blobKey, sha256: jobTokenizer.sha256, trained: jobTokenizer.trained };
  const vocabSize = settings.model.config.vocabSize;
  if (jobTokenizer.tokenizer.vocabSize > vocabSize) {
    throw new TrainingJobError('base_model_mismatch', `the base tokenizer has ${jobTokenizer.tokenizer.vocabSize} tokens but the base model only ${vocabSize}`);
  }
  const h = settings.hyperparameters;
  const data = await tokenizeDataset(blobs, manifest, jobTokenizer, spec.limits?.maxDatasetTokens ?? DEFAULT_MAX_DATASET_TOKENS, hooks, true);
  if (!data.lossWeights!.some((w) => w > 0)) {
    throw new TrainingJobError('dataset_format', 'no record has a completion or assistant turn to train on (completion-only loss weighs only those)');
  }
  const { rank, alpha, dropout, targetModules } = settings.adapter;
  const model: TrainingModelSpec = { model: settings.model, lora: { r: rank, alpha, dropout, targetModules } };
  const adapterDir = path.join(spec.workDir, 'adapter');
  const validation = await loadValidationSet(spec, blobs, jobTokenizer, hooks, true);
  const outcome = await runTrainingLoop({
    model,
    hyperparameters: h,
    split: splitHeldOut(data, h.seqLen, h.batchSize),
    validation,
    initialParams: () => loadBase(spec, blobs, settings),
    finish: async (trainer) => {
      await rm(adapterDir, { recursive: true, force: true });
      await mkdir(adapterDir, { recursive: true });
      trainer.exportAdapter(adapterDir, spec.baseModel!.name ?? '');
    },
    ...loopContext(spec, blobs, hooks),
  });
  const trainedTokens = outcome.step * h.batchSize * h.seqLen;
  if (outcome.cancelled) return { tokenizer, trainedTokens, cancelled: true };

  await hooks.phase('exporting');
  await hooks.beforeWrite?.();
  const exported = await uploadModelDirectory(blobs, adapterDir, adapterArtifactKey(spec.outputPrefix), 'adapter_config.json');
  const adapter: TrainedAdapter = {
    artifactBlobKey: exported.artifactBlobKey,
    artifactSha256: exported.artifactSha256,
    files: exported.files,
    weightsBlobKey: `${exported.artifactBlobKey}/${ADAPTER_WEIGHTS_FILE}`,
    settings: settings.adapter,
    metrics: outcome.metrics,
  };
  return { tokenizer, adapter, selectedCheckpoint: outcome.selected, trainedTokens, cancelled: false };
}
