import { DEFAULT_LAYER_NORM_EPS, GptConfig } from '@llmchain/model-runtime';
import { ModelShapeRequest, TrainingSettingsContext, TrainingSettingsError } from './training-settings';

type ShapeField = keyof ModelShapeRequest;

/** Inclusive ranges a new model's shape must lie in. vocabSize: 256 byte tokens + 3 special tokens at least. */
export const MODEL_SHAPE_LIMITS: Record<ShapeField, { min: number; max: number }> = {
  layers: { min: 1, max: 24 },
  heads: { min: 1, max: 32 },
  embeddingSize: { min: 8, max: 1024 },
  contextLength: { min: 8, max: 2048 },
  vocabSize: { min: 259, max: 65536 },
};

/** A model that trains at a few thousand tokens per second on two CPU cores (about 0.5 M parameters). */
export const DEFAULT_MODEL_SHAPE: Required<ModelShapeRequest> = {
  layers: 2,
  heads: 4,
  embeddingSize: 128,
  contextLength: 128,
  vocabSize: 1024,
};

const CONFIG_FIELD: Record<ShapeField, 'nLayer' | 'nHead' | 'nEmbd' | 'contextLength' | 'vocabSize'> = {
  layers: 'nLayer',
  heads: 'nHead',
  embeddingSize: 'nEmbd',
  contextLength: 'contextLength',
  vocabSize: 'vocabSize',
};

function integerInRange(field: ShapeField, value: unknown): number {
  const { min, max } = MODEL_SHAPE_LIMITS[field];
  if (!Number.isInteger(value) || (value as number) < min || (value as number) > max) {
    throw new TrainingSettingsError(`model.${field}`, `model.${field} must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}`);
  }
  return value as number;
}

function configOf(shape: Required<ModelShapeRequest>): GptConfig {
  return {
    vocabSize: shape.vocabSize,
    contextLength: shape.contextLength,
    nLayer: shape.layers,
    nHead: shape.heads,
    nEmbd: shape.embeddingSize,
    positional: 'learned',
    dropout: 0,
    layerNormEps: DEFAULT_LAYER_NORM_EPS,
    tieEmbeddings: true,
  };
}

/** The tokenizer job's vocabulary: only model.vocabSize applies to it. */
export function resolveTokenizerVocabSize(request: ModelShapeRequest = {}): number {
  for (const field of Object.keys(request) as ShapeField[]) {
    if (field !== 'vocabSize' && request[field] !== undefined) {
      throw new TrainingSettingsError(`model.${field}`, `a tokenizer job trains only a tokenizer: remove model.${field} (model.vocabSize is the one model setting it takes)`);
    }
  }
  return request.vocabSize === undefined ? DEFAULT_MODEL_SHAPE.vocabSize : integerInRange('vocabSize', request.vocabSize);
}

/** A new model's shape: the request over the defaults, within MODEL_SHAPE_LIMITS; vocabulary from a reused tokenizer. */
export function resolvePretrainShape(request: ModelShapeRequest = {}, context: TrainingSettingsContext): GptConfig {
  const shape = { ...DEFAULT_MODEL_SHAPE };
  for (const field of Object.keys(CONFIG_FIELD) as ShapeField[]) {
    if (request[field] !== undefined) shape[field] = integerInRange(field, request[field]);
  }
  if (context.tokenizer) {
    const vocabSize = context.tokenizer.vocabSize;
    if (request.vocabSize !== undefined && request.vocabSize !== vocabSize) {
      throw new TrainingSettingsError('model.vocabSize', `model.vocabSize is ${request.vocabSize} but the tokenizer this job reuses has ${vocabSize} tokens: remove model.vocabSize or set it to ${vocabSize}`);
    }
    shape.vocabSize = vocabSize;
  }
  if (shape.embeddingSize % shape.heads !== 0) {
    throw new TrainingSettingsError('model.embeddingSize', `model.embeddingSize (${shape.embeddingSize}) must be divisible by model.heads (${shape.heads})`);
  }
  return configOf(shape);
}

/** A fine-tune keeps its base model's shape: an explicit setting that differs from it is an error naming it. */
export function resolveFinetuneShape(request: ModelShapeRequest = {}, base: GptConfig): GptConfig {
  for (const field of Object.keys(CONFIG_FIELD) as ShapeField[]) {
    const wanted = request[field];
    const actual = base[CONFIG_FIELD[field]];
    if (wanted !== undefined && wanted !== actual) {
      throw new TrainingSettingsError(`model.${field}`, `a fine-tune keeps the base model's shape: model.${field} is ${JSON.stringify(wanted)} but the base model has ${actual}; remove model.${field}`);
    }
  }
  return { ...base, dropout: 0 };
}
