import { resolveHyperparameters, wholeModelShape } from './hyperparameters';
import { resolveLoraJobSettings } from './lora-job-settings';
import { estimateTrainingMemoryBytes } from './memory-estimate';
import { resolveFinetuneShape, resolvePretrainShape, resolveTokenizerVocabSize } from './model-shape';
import {
  HyperparametersRequest, ResolvedTrainingSettings, TrainingSettingsContext, TrainingSettingsError, TrainingSettingsRequest,
} from './training-settings';

const KINDS = ['tokenizer', 'pretrain', 'finetune'];

/**
 * The hyperparameters as given at the top or, as OpenAI's API takes them, under method.supervised (not both).
 * Only supervised training exists.
 */
function requestedHyperparameters(request: TrainingSettingsRequest): HyperparametersRequest | undefined {
  const { method } = request;
  if (method === undefined) return request.hyperparameters;
  if (method.type !== 'supervised') throw new TrainingSettingsError('method.type', `method.type must be "supervised" (the one method there is), got ${JSON.stringify(method.type)}`);
  const nested = method.supervised?.hyperparameters;
  if (nested !== undefined && request.hyperparameters !== undefined) {
    throw new TrainingSettingsError('method.supervised.hyperparameters', 'give hyperparameters either at the top or under method.supervised, not both');
  }
  return nested ?? request.hyperparameters;
}

/**
 * Checks a job request against the dataset, the base model and this deployment's limits, and fixes every setting the
 * job will run with. Throws TrainingSettingsError saying what to change; the API calls it before a job row exists.
 */
export function resolveTrainingSettings(request: TrainingSettingsRequest, context: TrainingSettingsContext): ResolvedTrainingSettings {
  const { kind } = request;
  if (!KINDS.includes(kind)) throw new TrainingSettingsError('kind', `kind must be one of ${KINDS.join(', ')}, got ${JSON.stringify(kind)}`);
  if (kind === 'finetune' && !context.baseModel) throw new TrainingSettingsError('baseModelId', 'a finetune job needs a base model: set baseModelId');
  if (kind !== 'finetune' && context.baseModel) {
    throw new TrainingSettingsError('baseModelId', `a ${kind} job starts from scratch: remove baseModelId (or use kind finetune)`);
  }
  if (kind !== 'finetune' && request.adapter !== undefined) {
    throw new TrainingSettingsError('adapter', `a ${kind} job trains a new model whole: remove adapter (a LoRA adapter is trained by a finetune job on a base model)`);
  }

  if (kind === 'tokenizer') {
    const hyperparameters = Object.keys(request.hyperparameters ?? {});
    if (hyperparameters.length > 0) {
      throw new TrainingSettingsError(`hyperparameters.${hyperparameters[0]}`, `a tokenizer job trains only a tokenizer: remove hyperparameters`);
    }
    if (request.method !== undefined) throw new TrainingSettingsError('method', 'a tokenizer job trains only a tokenizer: remove method');
    return { kind, tokenizerVocabSize: resolveTokenizerVocabSize(request.model) };
  }
  const hyperparametersRequest = requestedHyperparameters(request);

  if (kind === 'pretrain' && context.datasetFormat !== undefined && context.datasetFormat !== 'documents') {
    throw new TrainingSettingsError(
      'datasetVersionId',
      `pretraining reads documents, but this dataset version holds ${context.datasetFormat} records: pick a documents version, or fine-tune on it`,
    );
  }
  const base = context.baseModel;
  if (kind === 'finetune' && request.adapter !== undefined) {
    return resolveLoraJobSettings({ model: request.model, adapter: request.adapter }, hyperparametersRequest, base!, context);
  }
  if (kind === 'finetune' && base!.model.architecture !== 'gpt2') {
    throw new TrainingSettingsError(
      'adapter',
      `a ${base!.model.architecture} base fine-tunes through a LoRA adapter: add adapter {"type": "lora"} (full fine-tuning is for GPT-2 models)`,
    );
  }
  const baseModel = base?.model;
  const model = baseModel?.architecture === 'gpt2' ? resolveFinetuneShape(request.model, baseModel.config) : resolvePretrainShape(request.model, context);
  const minimumTokens = 2 * (model.contextLength + 1);
  if (context.datasetEstimatedTokens < minimumTokens) {
    throw new TrainingSettingsError(
      'datasetVersionId',
      `the dataset has ~${context.datasetEstimatedTokens} tokens; training needs at least ${minimumTokens} (a window of contextLength + 1 tokens to train on and one held out): use a larger dataset${kind === 'pretrain' ? ' or a smaller model.contextLength' : ''}`,
    );
  }
  const hyperparameters = resolveHyperparameters(hyperparametersRequest, wholeModelShape(kind, model, context.datasetEstimatedTokens), context);
  return {
    kind,
    tokenizerVocabSize: kind === 'finetune' ? base!.tokenizerVocabSize : model.vocabSize,
    model,
    hyperparameters,
    estimatedMemoryBytes: estimateTrainingMemoryBytes(model, hyperparameters.batchSize, hyperparameters.seqLen),
  };
}
