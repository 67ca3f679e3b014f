import { GptConfig } from '../../model/config';
import { DecoderModelConfig, DecoderShape } from '../../model/decoder-model';
import { ModelParams } from '../../model/params';
import { GraphBuilder } from '../../onnx/graph-builder';
import { emitDecoderGraph, InferenceGraphOptions } from './decoder-network';
import {
  ATTENTION_MASK,
  CacheAttention,
  INPUT_IDS,
  LAST_HIDDEN_STATE,
  LOGITS,
  NUM_LOGITS_TO_KEEP,
  POSITION_IDS,
  attentionScores,
} from './gpt-blocks';
import { groupQueryHeads, ungroupQueryHeads } from './grouped-heads';

export type { InferenceGraphOptions } from './decoder-network';

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
const concatenatingAttention: CacheAttention = (graph, heads, bias, layer, [q, k, v]) => {
  const [keys] = graph.op('Concat', [pastKeyName(layer), k], { axis: 2 }, { outputNames: [presentKeyName(layer)] });
  const [values] = graph.op('Concat', [pastValueName(layer), v], { axis: 2 }, {
    outputNames: [presentValueName(layer)],
  });
  const scores = attentionScores(graph, groupQueryHeads(graph, heads, q), keys, heads.headDim);
  const [masked] = graph.op('Add', [ungroupQueryHeads(graph, heads, scores), bias]);
  const [weights] = graph.op('Softmax', [masked], { axis: -1 });
  const [context] = graph.op('MatMul', [groupQueryHeads(graph, heads, weights), values]);
  return ungroupQueryHeads(graph, heads, context);
};

/**
 * The forward pass with a key/value cache, in Hugging Face's decoder-only interface (what
 * transformers.js and other tools load as onnx/model.onnx): input_ids, attention_mask
 * [batch, past + seq], position_ids, num_logits_to_keep and past_key_values.N.key|value
 * [batch, kv heads, past, headDim] in; logits, present.N.key|value (past extended by seq) and
 * last_hidden_state [batch, seq, hidden] (the final norm's output, which embeddings pool) out.
 * For GPT-2 (a bare GptConfig, or a DecoderModelConfig) and the Llama family alike.
 */
export function buildInferenceGraph(
  model: GptConfig | DecoderModelConfig,
  params: ModelParams,
  options: InferenceGraphOptions = {},
): Uint8Array {
  return inferenceGraph(model, params, options).toBytes();
}

/** buildInferenceGraph's graph before serialization, for models large enough to need external data. */
export function inferenceGraph(model: GptConfig | DecoderModelConfig, params: ModelParams, options: InferenceGraphOptions = {}): GraphBuilder {
  const declareInputs = (graph: GraphBuilder, shape: DecoderShape) => {
    const kvDims = [BATCH, shape.nKvHead, PAST, shape.headDim];
    graph.input(INPUT_IDS, 'int64', [BATCH, SEQUENCE]);
    graph.input(ATTENTION_MASK, 'int64', [BATCH, TOTAL]);
    graph.input(POSITION_IDS, 'int64', [BATCH, SEQUENCE]);
    graph.input(NUM_LOGITS_TO_KEEP, 'int64', []);
    for (let layer = 0; layer < shape.nLayer; layer++) {
      graph.input(pastKeyName(layer), 'float32', kvDims);
      graph.input(pastValueName(layer), 'float32', kvDims);
    }
  };
  const { graph, shape, logits, lastHiddenState } = emitDecoderGraph(
    'llmchain_kv_cache',
    model,
    params,
    options,
    declareInputs,
    concatenatingAttention,
  );
  graph.output(logits, 'float32', [BATCH, 'logits_length', shape.vocabSize], LOGITS);
  const presentDims = [BATCH, shape.nKvHead, TOTAL, shape.headDim];
  for (let layer = 0; layer < shape.nLayer; layer++) {
    graph.output(presentKeyName(layer), 'float32', presentDims);
    graph.output(presentValueName(layer), 'float32', presentDims);
  }
  // Last, so the outputs tools index by position (logits, then present.N) keep their places.
  graph.output(lastHiddenState, 'float32', [BATCH, SEQUENCE, shape.hiddenSize], LAST_HIDDEN_STATE);
  return graph;
}
