import { GptConfig } from '../../model/config';
import { ModelParams } from '../../model/params';
import { loadWeights } from '../../model/weights-file';
import { SpecialTokenIds } from '../model-directory/hf-config';
import { ModelGraphs, ModelVariant, TokenizerFiles, writeModelDirectory } from '../model-directory/model-directory';
import { buildDecoderStepGraph } from './decoder-step-graph';
import { buildInferenceGraph } from './inference-graph';
import { int8Linear } from './int8-linear';
import { LinearLayerEmitter, fp32Linear } from './linear-layer';
import { nbitsLinear } from './nbits-linear';

export const LINEAR_LAYERS: Record<ModelVariant, LinearLayerEmitter> = {
  fp32: fp32Linear,
  q8: int8Linear,
  q4: nbitsLinear,
};

export interface ExportOptions {
  config: GptConfig;
  params: ModelParams;
  tokens: SpecialTokenIds;
  /** Which weight formats to write; fp32 always makes sense as onnx/model.onnx. */
  variants?: ModelVariant[];
  tokenizer?: TokenizerFiles;
}

/**
 * Builds both inference graphs in each requested weight format (decoder_step with its LoRA inputs, so adapters are
 * served on the same session as the base) and writes the model directory.
 */
export function exportModelDirectory(dir: string, options: ExportOptions): void {
  const variants = options.variants ?? ['fp32'];
  const models: Partial<Record<ModelVariant, ModelGraphs>> = {};
  for (const variant of variants) {
    const linear = LINEAR_LAYERS[variant];
    models[variant] = {
      model: buildInferenceGraph(options.config, options.params, { linear }),
      decoder_step: buildDecoderStepGraph(options.config, options.params, { linear, lora: true }),
    };
  }
  writeModelDirectory(dir, { config: options.config, tokens: options.tokens, models, tokenizer: options.tokenizer });
}

/** Exports a model saved by training (model.safetensors) into a model directory. */
export function exportWeightsFile(
  weightsPath: string,
  dir: string,
  options: Omit<ExportOptions, 'config' | 'params'>,
): void {
  const { config, params } = loadWeights(weightsPath);
  exportModelDirectory(dir, { ...options, config, params });
}
