import { GptConfig, initParams, loadWeights, ModelParams } from '@llmchain/model-runtime';
import { BlobStore } from '@llmchain/platform';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { isLoraJobSettings, ModelJobSettings } from '../settings';
import { blobExists, downloadBlob } from './blob-files';
import { datasetRecords, DatasetManifest, readDatasetManifest } from './dataset-records';
import { JobTokenizer, loadTokenizerBlob, trainedTokenizerKey, trainJobTokenizer, withModelMaxLength } from './job-tokenizer';
import { runLoraTrainingJob } from './lora-training-job';
import { exportModel } from './model-artifact';
import { endOfTextId } from './record-encoding';
import { splitHeldOut } from './token-stream';
import { loopContext, runTrainingLoop } from './training-loop';
import { tokenizeDataset } from './dataset-tokens';
import { loadValidationSet } from './validation-set';
import {
  DEFAULT_MAX_DATASET_TOKENS, TrainingJobError, TrainingJobHooks, TrainingJobResult, TrainingJobSpec,
} from './training-job';

function checkSpec(spec: TrainingJobSpec): void {
  if (spec.settings.kind !== spec.kind) {
    throw new TrainingJobError('invalid_spec', `the job is a ${spec.kind} job but its settings were resolved for ${spec.settings.kind}`);
  }
  if ((spec.kind === 'finetune') !== (spec.baseModel !== undefined)) {
    throw new TrainingJobError('invalid_spec', spec.kind === 'finetune' ? 'a finetune job needs baseModel' : `a ${spec.kind} job takes no baseModel`);
  }
  if (spec.kind === 'finetune' && spec.tokenizer) throw new TrainingJobError('invalid_spec', "a finetune job uses its base model's tokenizer: remove tokenizer");
  if (spec.kind === 'tokenizer' && spec.tokenizer) throw new TrainingJobError('invalid_spec', 'a tokenizer job trains its tokenizer: remove tokenizer');
}

/** The job's tokenizer: the base model's, a reused one, one this job trained before a restart, or a newly trained one. */
async function obtainTokenizer(spec: TrainingJobSpec, blobs: BlobStore, manifest: DatasetManifest, hooks: TrainingJobHooks): Promise<JobTokenizer> {
  await hooks.phase('tokenizer');
  if (spec.baseModel) return loadTokenizerBlob(blobs, spec.baseModel.tokenizerBlobKey, false);
  if (spec.tokenizer) return loadTokenizerBlob(blobs, spec.tokenizer.blobKey, false);
  const trainedKey = trainedTokenizerKey(spec.outputPrefix);
  if (await blobExists(blobs, trainedKey)) return loadTokenizerBlob(blobs, trainedKey, true);
  const { settings } = spec;
  const modelMaxLength = settings.kind === 'tokenizer' ? undefined : isLoraJobSettings(settings) ? settings.model.config.contextLength : settings.model.contextLength;
  const trained = await trainJobTokenizer(blobs, () => datasetRecords(blobs, manifest), {
    vocabSize: spec.settings.tokenizerVocabSize,
    modelMaxLength,
    outputPrefix: spec.outputPrefix,
  });
  if (trained.tokenizer.vocabSize < spec.settings.tokenizerVocabSize) {
    await hooks.warn(
      `the tokenizer learned ${trained.tokenizer.vocabSize} tokens, not the ${spec.settings.tokenizerVocabSize} asked for: the dataset has no more pairs seen twice to merge`,
    );
  }
  return trained;
}

/** The model's config: the settings' shape with the vocabulary of the tokenizer actually used. */
function modelConfig(settings: ModelJobSettings, jobTokenizer: JobTokenizer): GptConfig {
  const vocabSize = jobTokenizer.tokenizer.vocabSize;
  if (settings.kind === 'finetune') {
    if (vocabSize > settings.model.vocabSize) {
      throw new TrainingJobError('base_model_mismatch', `the base tokenizer has ${vocabSize} tokens but the base model only ${settings.model.vocabSize}`);
    }
    return settings.model;
  }
  return { ...settings.model, vocabSize };
}

async function baseWeights(spec: TrainingJobSpec, blobs: BlobStore, config: GptConfig): Promise<ModelParams> {
  const file = path.join(spec.workDir, 'base-model.safetensors');
  await downloadBlob(blobs, spec.baseModel!.weightsBlobKey, file);
  const base = loadWeights(file);
  await rm(file, { force: true });
  const differing = (['vocabSize', 'contextLength', 'nLayer', 'nHead', 'nEmbd', 'positional'] as const).filter((f) => base.config[f] !== config[f]);
  if (differing.length > 0) {
    throw new TrainingJobError(
      'base_model_mismatch',
      `the base model's weights (${spec.baseModel!.weightsBlobKey}) do not have the shape the job was set up for: ${differing.map((f) => `${f} ${base.config[f]} instead of ${config[f]}`).join(', ')}`,
    );
  }
  return base.params;
}

/**
 * Runs one training job end to end on local CPUs: reads and verifies the dataset version, obtains the tokenizer,
 * and for model jobs tokenizes, trains with checkpoints (resuming from hooks.latestCheckpoint()), evaluates and
 * exports the model directory into the blob store. Throws TrainingJobError when the job cannot succeed as given.
 */
export async function runTrainingJob(spec: TrainingJobSpec, hooks: TrainingJobHooks, blobs: BlobStore): Promise<TrainingJobResult> {
  checkSpec(spec);
  await mkdir(spec.workDir, { recursive: true });
  const manifest = await readDatasetManifest(blobs, spec.dataset);
  const jobTokenizer = await obtainTokenizer(spec, blobs, manifest, hooks);
  const tokenizer = { blobKey: jobTokenizer.blobKey, sha256: jobTokenizer.sha256, trained: jobTokenizer.trained };
  const { settings } = spec;
  if (settings.kind === 'tokenizer') return { tokenizer, trainedTokens: 0, cancelled: false };
  if (isLoraJobSettings(settings)) return runLoraTrainingJob(spec, settings, { manifest, jobTokenizer, hooks, blobs });

  const config = modelConfig(settings, jobTokenizer);
  if (config.vocabSize !== settings.model.vocabSize) {
    await hooks.warn(`the model's vocabulary is ${config.vocabSize} tokens, its tokenizer's, not ${settings.model.vocabSize}`);
  }
  const h = settings.hyperparameters;
  const { tokens } = await tokenizeDataset(blobs, manifest, jobTokenizer, spec.limits?.maxDatasetTokens ?? DEFAULT_MAX_DATASET_TOKENS, hooks);
  const split = splitHeldOut(tokens, h.seqLen, h.batchSize);
  const validation = await loadValidationSet(spec, blobs, jobTokenizer, hooks, false);
  const outcome = await runTrainingLoop({
    model: { model: { architecture: 'gpt2', config } },
    hyperparameters: h,
    split,
    validation: validation?.tokens,
    initialParams: async () => (spec.baseModel ? baseWeights(spec, blobs, config) : initParams(config, h.seed)),
    ...loopContext(spec, blobs, hooks),
  });
  const trainedTokens = outcome.step * h.batchSize * h.seqLen;
  if (outcome.cancelled) return { tokenizer, trainedTokens, cancelled: true };

  await hooks.phase('exporting');
  await hooks.beforeWrite?.();
  const eos = endOfTextId(jobTokenizer.tokenizer);
  const exported = await exportModel(blobs, {
    dir: path.join(spec.workDir, 'model'),
    outputPrefix: spec.outputPrefix,
    config,
    params: outcome.params!,
    tokenizer: withModelMaxLength(jobTokenizer.tokenizer, config.contextLength),
    tokens: { bosTokenId: jobTokenizer.tokenizer.bosTokenId ?? eos, eosTokenId: eos },
  });
  return {
    tokenizer,
    model: {
      ...exported,
      config,
      metrics: outcome.metrics,
    },
    selectedCheckpoint: outcome.selected,
    trainedTokens,
    cancelled: false,
  };
}
