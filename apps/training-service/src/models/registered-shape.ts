import { ModelRegisteredV3 } from '@llmchain/contracts';
import { DecoderModelConfig, decoderShape } from '@llmchain/model-runtime';

/** The model's shape as model.registered carries it: what serving lays the key/value cache out by. */
export function registeredShape(model: DecoderModelConfig): ModelRegisteredV3['data']['config'] {
  const shape = decoderShape(model);
  return {
    vocabSize: shape.vocabSize,
    contextLength: shape.contextLength,
    layers: shape.nLayer,
    heads: model.config.nHead,
    kvHeads: shape.nKvHead,
    headDim: shape.headDim,
    embeddingSize: shape.hiddenSize,
  };
}
