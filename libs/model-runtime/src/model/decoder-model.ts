import { GptConfig, headDim } from './config';
import { LlamaConfig } from './llama-config';

/** The two decoder architectures the runtime builds, trains and serves: GPT-2 and the Llama family. */
export type DecoderModelConfig =
  | { architecture: 'gpt2'; config: GptConfig }
  | { architecture: 'llama'; config: LlamaConfig };

/**
 * What inference needs to know of a model whatever its architecture: the key/value cache's layout
 * ([batch, nKvHead, positions, headDim] per layer), the vocabulary, the context window and the hidden width.
 */
export interface DecoderShape {
  vocabSize: number;
  contextLength: number;
  nLayer: number;
  nKvHead: number;
  headDim: number;
  hiddenSize: number;
}

export function decoderShape(model: DecoderModelConfig): DecoderShape {
  if (model.architecture === 'gpt2') {
    const c = model.config;
    return { vocabSize: c.vocabSize, contextLength: c.contextLength, nLayer: c.nLayer, nKvHead: c.nHead, headDim: headDim(c), hiddenSize: c.nEmbd };
  }
  const c = model.config;
  return { vocabSize: c.vocabSize, contextLength: c.contextLength, nLayer: c.nLayer, nKvHead: c.nKvHead, headDim: c.headDim, hiddenSize: c.hiddenSize };
}
