import { resolveHyperparameters } from './hyperparameters';
import { estimateTrainingMemoryBytes } from './memory-estimate';
import { resolveFinetuneShape, resolvePretrainShape, resolveTokenizerVocabSize } from './model-shape';
import {
  ResolvedTrainingSettings, TrainingSettingsContext, TrainingSettingsError, TrainingSettingsRequest,
} from './training-settings';

const KINDS = ['tokenizer', 'pretrain', 'finetune'];

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

  if (kind === 'tokenizer') {
    const hyperparameters = Object.keys(request.hyperparameters ?? {});
    if (hyperparameters.length > 0) {
      throw new TrainingSettingsError(`hyperparameters.${hyperparameters[0]}`, `a tokenizer job trains only a tokenizer: remove hyperparameters`);
    }
    return { kind, tokenizerVocabSize: resolveTokenizerVocabSize(request.model) };
  }

  if (kind === 'pretrain' && context.datasetFormat !== undefined && context.datasetFormat !== 'documents') {
    throw new TrainingSettingsError(
      'datasetVersionId',
      `pretraining reads documents, but this dataset version holds ${context.datasetFormat} records: pick a documents version, or fine-tune on it`,
    );
  }
  const model = kind === 'finetune' ? resolveFinetuneShape(request.model, context.baseModel!.config) : resolvePretrainShape(request.model, context);
  const minimumTokens = 2 * (model.contextLength + 1);
  if (context.datasetEstimatedTokens < minimumTokens) {
    throw new TrainingSettingsError(
      'datasetVersionId',
      `the dataset has ~${context.datasetEstimatedTokens} tokens; training needs at least ${minimumTokens} (a window of contextLength + 1 tokens to train on and one held out): use a larger dataset${kind === 'pretrain' ? ' or a smaller model.contextLength' : ''}`,
    );
  }
  const hyperparameters = resolveHyperparameters(kind, request.hyperparameters, model, context);
  return {
    kind,
    tokenizerVocabSize: kind === 'finetune' ? context.baseModel!.tokenizerVocabSize : model.vocabSize,
    model,
    hyperparameters,
    estimatedMemoryBytes: estimateTrainingMemoryBytes(model, hyperparameters.batchSize, hyperparameters.seqLen),
  };
}
