import { GptConfig, headDim, validateConfig } from '../../model/config';
import { ModelParams, paramShapes } from '../../model/params';
import { GraphBuilder } from '../../onnx/graph-builder';
import { ModelConfigError } from '../../errors';
import {
  ATTENTION_MASK,
  AttentionEmitter,
  GraphContext,
  INPUT_IDS,
  LAST_HIDDEN_STATE,
  LOGITS,
  NUM_LOGITS_TO_KEEP,
  POSITION_IDS,
  attentionBias,
  attentionOutput,
  attentionScores,
  emitGpt,
  projectQkv,
} from './gpt-blocks';
import { LinearLayerEmitter, fp32Linear } from './linear-layer';

export const pastKeyName = (layer: number) => `past_key_values.${layer}.key`;
export const pastValueName = (layer: number) => `past_key_values.${layer}.value`;
export const presentKeyName = (layer: number) => `present.${layer}.key`;
export const presentValueName = (layer: number) => `present.${layer}.value`;

// transformers.js builds the empty first-step cache from these names: "batch_size" becomes the batch,
// any other symbolic dim 0, so heads and head size must be concrete numbers.
const BATCH = 'batch_size';
const SEQUENCE = 'sequence_length';
const PAST = 'past_sequence_length';
const TOTAL = 'total_sequence_length';

/** Attention over past keys/values concatenated with the new ones; the concatenation is the present output. */
const concatenatingAttention: AttentionEmitter = (ctx, x, layer) => {
  const { graph } = ctx;
  const [q, k, v] = projectQkv(ctx, x, layer);
  const [keys] = graph.op('Concat', [pastKeyName(layer), k], { axis: 2 }, { outputNames: [presentKeyName(layer)] });
  const [values] = graph.op('Concat', [pastValueName(layer), v], { axis: 2 }, {
    outputNames: [presentValueName(layer)],
  });
  const [masked] = graph.op('Add', [attentionScores(ctx, q, keys), ctx.bias]);
  const [weights] = graph.op('Softmax', [masked], { axis: -1 });
  const [context] = graph.op('MatMul', [weights, values]);
  return attentionOutput(ctx, context, layer);
};

export interface InferenceGraphOptions {
  /** How linear-layer weights are stored; fp32 unless a quantized export asks otherwise. */
  linear?: LinearLayerEmitter;
}

export function requireAllParams(config: GptConfig, params: ModelParams): void {
  validateConfig(config);
  for (const name of paramShapes(config).keys()) {
    if (!params.has(name)) throw new ModelConfigError(`parameter ${name} is missing`);
  }
}

/**
 * The GPT forward pass with a key/value cache, in Hugging Face's decoder-only interface (what
 * transformers.js and other tools load as onnx/model.onnx): input_ids, attention_mask
 * [batch, past + seq], position_ids, num_logits_to_keep and past_key_values.N.key|value in;
 * logits, present.N.key|value (past extended by seq) and last_hidden_state [batch, seq, nEmbd]
 * (the final LayerNorm's output, which embeddings pool) out.
 */
export function buildInferenceGraph(
  config: GptConfig,
  params: ModelParams,
  options: InferenceGraphOptions = {},
): Uint8Array {
  requireAllParams(config, params);
  const graph = new GraphBuilder('llmchain_gpt_kv_cache');
  const kvDims = [BATCH, config.nHead, PAST, headDim(config)];
  graph.input(INPUT_IDS, 'int64', [BATCH, SEQUENCE]);
  graph.input(ATTENTION_MASK, 'int64', [BATCH, TOTAL]);
  graph.input(POSITION_IDS, 'int64', [BATCH, SEQUENCE]);
  graph.input(NUM_LOGITS_TO_KEEP, 'int64', []);
  for (let layer = 0; layer < config.nLayer; layer++) {
    graph.input(pastKeyName(layer), 'float32', kvDims);
    graph.input(pastValueName(layer), 'float32', kvDims);
  }
  const ctx: GraphContext = { graph, config, params, linear: options.linear ?? fp32Linear, bias: attentionBias(graph) };
  const { logits, lastHiddenState } = emitGpt(ctx, concatenatingAttention);
  graph.output(logits, 'float32', [BATCH, 'logits_length', config.vocabSize], LOGITS);
  const presentDims = [BATCH, config.nHead, TOTAL, headDim(config)];
  for (let layer = 0; layer < config.nLayer; layer++) {
    graph.output(presentKeyName(layer), 'float32', presentDims);
    graph.output(presentValueName(layer), 'float32', presentDims);
  }
  // Last, so the outputs tools index by position (logits, then present.N) keep their places.
  graph.output(lastHiddenState, 'float32', [BATCH, SEQUENCE, config.nEmbd], LAST_HIDDEN_STATE);
  return graph.toBytes();
}
