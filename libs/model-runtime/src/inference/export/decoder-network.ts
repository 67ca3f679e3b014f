import { ModelConfigError } from '../../errors';
import { GptConfig } from '../../model/config';
import { decoderShape, DecoderModelConfig, DecoderShape } from '../../model/decoder-model';
import { llamaParamShapes } from '../../model/llama-config';
import { ModelParams, paramShapes } from '../../model/params';
import { GraphBuilder } from '../../onnx/graph-builder';
import { attentionBias, CacheAttention, emitGpt } from './gpt-blocks';
import { emitLlama } from './llama-blocks';
import { fp32Linear, LinearLayerEmitter } from './linear-layer';
import { withLoraInputs } from './lora-linear';

export interface InferenceGraphOptions {
  /** How linear-layer weights are stored; fp32 unless a quantized export asks otherwise. */
  linear?: LinearLayerEmitter;
  /** Adds the LoRA adapter inputs of lora-linear.ts (decoder_step). */
  lora?: boolean;
}

/** The graph builders take a bare GptConfig (the runtime's own GPT-2) or a DecoderModelConfig of either family. */
export function asDecoderModel(model: GptConfig | DecoderModelConfig): DecoderModelConfig {
  return 'architecture' in model ? model : { architecture: 'gpt2', config: model };
}

/** Parameter names and shapes the architecture has, in the runtime's naming (GPT2Model's, or Llama's HF names). */
export function decoderParamShapes(model: DecoderModelConfig): Map<string, number[]> {
  return model.architecture === 'gpt2' ? paramShapes(model.config) : llamaParamShapes(model.config);
}

function requireAllParams(model: DecoderModelConfig, params: ModelParams): void {
  for (const name of decoderParamShapes(model).keys()) {
    if (!params.has(name)) throw new ModelConfigError(`parameter ${name} is missing`);
  }
}

/**
 * Starts a graph of either architecture: checks the parameters, lets the caller declare the inputs (which need the
 * cache layout), then emits the network with the given cache attention. Returns the logits and the final norm's
 * output.
 */
export function emitDecoderGraph(
  graphName: string,
  input: GptConfig | DecoderModelConfig,
  params: ModelParams,
  options: InferenceGraphOptions,
  declareInputs: (graph: GraphBuilder, shape: DecoderShape) => void,
  cacheAttention: CacheAttention,
): { graph: GraphBuilder; shape: DecoderShape; logits: string; lastHiddenState: string } {
  const model = asDecoderModel(input);
  requireAllParams(model, params);
  const graph = new GraphBuilder(graphName);
  const shape = decoderShape(model);
  declareInputs(graph, shape);
  const base = options.linear ?? fp32Linear;
  const linear = options.lora ? withLoraInputs(graph, model, base) : base;
  const bias = attentionBias(graph);
  const outputs =
    model.architecture === 'gpt2'
      ? emitGpt({ graph, config: model.config, params, linear, bias }, cacheAttention)
      : emitLlama({ graph, config: model.config, params, linear, bias }, cacheAttention);
  return { graph, shape, ...outputs };
}
