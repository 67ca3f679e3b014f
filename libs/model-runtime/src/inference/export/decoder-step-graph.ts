import { GptConfig } from '../../model/config';
import { DecoderModelConfig, DecoderShape } from '../../model/decoder-model';
import { ModelParams } from '../../model/params';
import { GraphBuilder } from '../../onnx/graph-builder';
import { emitDecoderGraph, InferenceGraphOptions } from './decoder-network';
import { ATTENTION_MASK, CacheAttention, INPUT_IDS, LOGITS, NUM_LOGITS_TO_KEEP, POSITION_IDS, attentionScores } from './gpt-blocks';
import { groupQueryHeads, ungroupQueryHeads } from './grouped-heads';

export const cacheKeyName = (layer: number) => `cache.${layer}.key`;
export const cacheValueName = (layer: number) => `cache.${layer}.value`;
export const newKeyName = (layer: number) => `new.${layer}.key`;
export const newValueName = (layer: number) => `new.${layer}.value`;

/**
 * Attention over a fixed-capacity cache that the graph only reads, plus the new tokens' own keys and
 * values. Scores against both are concatenated (small: [batch, heads, seq, capacity + seq]) instead of
 * the keys and values themselves, so a step never copies the cache; only the new keys and values
 * leave the graph, and the caller writes them into its cache buffers.
 */
const readOnlyCacheAttention: CacheAttention = (graph, heads, bias, layer, [q, k, v]) => {
  graph.op('Identity', [k], {}, { outputNames: [newKeyName(layer)] });
  graph.op('Identity', [v], {}, { outputNames: [newValueName(layer)] });
  const grouped = groupQueryHeads(graph, heads, q);
  const cachedScores = attentionScores(graph, grouped, cacheKeyName(layer), heads.headDim);
  const newScores = attentionScores(graph, grouped, k, heads.headDim);
  const [scores] = graph.op('Concat', [cachedScores, newScores], { axis: -1 });
  const [masked] = graph.op('Add', [ungroupQueryHeads(graph, heads, scores), bias]);
  const [weightsByHead] = graph.op('Softmax', [masked], { axis: -1 });
  const weights = groupQueryHeads(graph, heads, weightsByHead);
  const [capacity] = graph.op('Shape', [cacheKeyName(layer)], { start: 2, end: 3 });
  const lastAxis = graph.constantI64([-1], [1]);
  const [cachedWeights] = graph.op('Slice', [weights, graph.constantI64([0], [1]), capacity, lastAxis]);
  const end = graph.constantI64([Number.MAX_SAFE_INTEGER], [1]);
  const [newWeights] = graph.op('Slice', [weights, capacity, end, lastAxis]);
  const [fromCache] = graph.op('MatMul', [cachedWeights, cacheValueName(layer)]);
  const [fromNew] = graph.op('MatMul', [newWeights, v]);
  const [context] = graph.op('Add', [fromCache, fromNew]);
  return ungroupQueryHeads(graph, heads, context);
};

/**
 * The graph this runtime generates with: the same network as buildInferenceGraph, but the cache is a
 * read-only input of fixed capacity, [batch, kv heads, capacity, headDim], whose unused columns
 * attention_mask [batch, capacity + seq] marks 0. Outputs logits and new.N.key|value [batch, kv heads,
 * seq, headDim]. A decode step then costs the same whether the cache is nearly empty or nearly full,
 * apart from reading it. With `lora`, the adapter inputs of lora-linear.ts too (what model directories are exported
 * with, so one session serves a base and its adapters).
 */
export function buildDecoderStepGraph(
  model: GptConfig | DecoderModelConfig,
  params: ModelParams,
  options: InferenceGraphOptions = {},
): Uint8Array {
  return decoderStepGraph(model, params, options).toBytes();
}

/** buildDecoderStepGraph's graph before serialization, for models large enough to need external data. */
export function decoderStepGraph(model: GptConfig | DecoderModelConfig, params: ModelParams, options: InferenceGraphOptions = {}): GraphBuilder {
  const declareInputs = (graph: GraphBuilder, shape: DecoderShape) => {
    const cacheDims = ['batch', shape.nKvHead, 'capacity', shape.headDim];
    graph.input(INPUT_IDS, 'int64', ['batch', 'seq']);
    graph.input(ATTENTION_MASK, 'int64', ['batch', 'capacity_plus_seq']);
    graph.input(POSITION_IDS, 'int64', ['batch', 'seq']);
    graph.input(NUM_LOGITS_TO_KEEP, 'int64', []);
    for (let layer = 0; layer < shape.nLayer; layer++) {
      graph.input(cacheKeyName(layer), 'float32', cacheDims);
      graph.input(cacheValueName(layer), 'float32', cacheDims);
    }
  };
  const { graph, shape, logits } = emitDecoderGraph(
    'llmchain_decoder_step',
    model,
    params,
    options,
    declareInputs,
    readOnlyCacheAttention,
  );
  graph.output(logits, 'float32', ['batch', 'kept', shape.vocabSize], LOGITS);
  const newDims = ['batch', shape.nKvHead, 'seq', shape.headDim];
  for (let layer = 0; layer < shape.nLayer; layer++) {
    graph.output(newKeyName(layer), 'float32', newDims);
    graph.output(newValueName(layer), 'float32', newDims);
  }
  return graph;
}
