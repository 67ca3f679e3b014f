import { DecoderModelConfig } from '@llmchain/model-runtime';
import { adapterShape, resolveHyperparameters } from './hyperparameters';
import { resolveLoraAdapter } from './lora-adapter-settings';
import { estimateLoraTrainingMemoryBytes, loraAdapterSize } from './memory-estimate';
import { MODEL_SHAPE_LIMITS } from './model-shape';
import {
  HyperparametersRequest, LoraAdapterRequest, LoraJobSettings, ModelShapeRequest, TrainingSettingsContext, TrainingSettingsError,
} from './training-settings';

/** Training window of a LoRA job that names none: long enough for chat turns, short enough to train on CPUs. */
export const DEFAULT_LORA_WINDOW = 512;

/**
 * The training window of a LoRA job: model.contextLength (at most the base's), else DEFAULT_LORA_WINDOW or the base's
 * context if shorter. The base's other shape settings are fixed: giving one is an error naming it.
 */
function trainingWindow(request: ModelShapeRequest, base: DecoderModelConfig): number {
  for (const [field, value] of Object.entries(request)) {
    if (field !== 'contextLength' && value !== undefined) {
      throw new TrainingSettingsError(`model.${field}`, `a LoRA fine-tune keeps the base model's shape: remove model.${field} (model.contextLength, the training window, is the one model setting it takes)`);
    }
  }
  const limit = Math.min(base.config.contextLength, MODEL_SHAPE_LIMITS.contextLength.max);
  if (request.contextLength === undefined) return Math.min(limit, DEFAULT_LORA_WINDOW);
  const window = request.contextLength;
  if (!Number.isInteger(window) || window < MODEL_SHAPE_LIMITS.contextLength.min || window > limit) {
    throw new TrainingSettingsError('model.contextLength', `model.contextLength (the training window) must be an integer from ${MODEL_SHAPE_LIMITS.contextLength.min} to ${limit} for this base, got ${JSON.stringify(window)}`);
  }
  return window;
}

/** Every setting of a LoRA fine-tune of `base`: the adapter, the window, the hyperparameters within the memory budget. */
export function resolveLoraJobSettings(
  request: { model?: ModelShapeRequest; adapter: LoraAdapterRequest },
  hyperparametersRequest: HyperparametersRequest | undefined,
  base: { model: DecoderModelConfig; tokenizerVocabSize: number },
  context: TrainingSettingsContext,
): LoraJobSettings {
  const { adapter, projections } = resolveLoraAdapter(request.adapter, base.model);
  const seqLen = trainingWindow(request.model ?? {}, base.model);
  const minimumTokens = 2 * (seqLen + 1);
  if (context.datasetEstimatedTokens < minimumTokens) {
    throw new TrainingSettingsError(
      'datasetVersionId',
      `the dataset has ~${context.datasetEstimatedTokens} tokens; training needs at least ${minimumTokens} (a window of model.contextLength + 1 tokens to train on and one held out): use a larger dataset or a smaller model.contextLength`,
    );
  }
  const size = loraAdapterSize(projections, adapter);
  const memoryBytes = (batch: number) => estimateLoraTrainingMemoryBytes(base.model, size, batch, seqLen);
  const hyperparameters = resolveHyperparameters(hyperparametersRequest, adapterShape(seqLen, memoryBytes), context);
  return {
    kind: 'finetune',
    method: 'lora',
    tokenizerVocabSize: base.tokenizerVocabSize,
    model: base.model,
    adapter,
    hyperparameters,
    estimatedMemoryBytes: memoryBytes(hyperparameters.batchSize),
  };
}
