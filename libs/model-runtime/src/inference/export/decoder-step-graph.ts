import { GptConfig, headDim } from '../../model/config';
import { ModelParams } from '../../model/params';
import { GraphBuilder } from '../../onnx/graph-builder';
import {
  ATTENTION_MASK,
  AttentionEmitter,
  GraphContext,
  INPUT_IDS,
  LOGITS,
  NUM_LOGITS_TO_KEEP,
  POSITION_IDS,
  attentionBias,
  attentionOutput,
  attentionScores,
  emitGpt,
  projectQkv,
} from './gpt-blocks';
import { InferenceGraphOptions, requireAllParams } from './inference-graph';
import { fp32Linear } from './linear-layer';

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
const readOnlyCacheAttention: AttentionEmitter = (ctx, x, layer) => {
  const { graph } = ctx;
  const [q, k, v] = projectQkv(ctx, x, layer);
  graph.op('Identity', [k], {}, { outputNames: [newKeyName(layer)] });
  graph.op('Identity', [v], {}, { outputNames: [newValueName(layer)] });
  const cachedScores = attentionScores(ctx, q, cacheKeyName(layer));
  const newScores = attentionScores(ctx, q, k);
  const [scores] = graph.op('Concat', [cachedScores, newScores], { axis: -1 });
  const [masked] = graph.op('Add', [scores, ctx.bias]);
  const [weights] = graph.op('Softmax', [masked], { axis: -1 });
  const [capacity] = graph.op('Shape', [cacheKeyName(layer)], { start: 2, end: 3 });
  const lastAxis = graph.constantI64([-1], [1]);
  const [cachedWeights] = graph.op('Slice', [weights, graph.constantI64([0], [1]), capacity, lastAxis]);
  const end = graph.constantI64([Number.MAX_SAFE_INTEGER], [1]);
  const [newWeights] = graph.op('Slice', [weights, capacity, end, lastAxis]);
  const [fromCache] = graph.op('MatMul', [cachedWeights, cacheValueName(layer)]);
  const [fromNew] = graph.op('MatMul', [newWeights, v]);
  const [context] = graph.op('Add', [fromCache, fromNew]);
  return attentionOutput(ctx, context, layer);
};

/**
 * The graph this runtime generates with: the same network as buildInferenceGraph, but the cache is a
 * read-only input of fixed capacity, [batch, heads, capacity, headDim], whose unused columns
 * attention_mask [batch, capacity + seq] marks 0. Outputs logits and new.N.key|value [batch, heads,
 * seq, headDim]. A decode step then costs the same whether the cache is nearly empty or nearly full,
 * apart from reading it.
 */
export function buildDecoderStepGraph(
  config: GptConfig,
  params: ModelParams,
  options: InferenceGraphOptions = {},
): Uint8Array {
  requireAllParams(config, params);
  const graph = new GraphBuilder('llmchain_gpt_decoder_step');
  const cacheDims = ['batch', config.nHead, 'capacity', headDim(config)];
  graph.input(INPUT_IDS, 'int64', ['batch', 'seq']);
  graph.input(ATTENTION_MASK, 'int64', ['batch', 'capacity_plus_seq']);
  graph.input(POSITION_IDS, 'int64', ['batch', 'seq']);
  graph.input(NUM_LOGITS_TO_KEEP, 'int64', []);
  for (let layer = 0; layer < config.nLayer; layer++) {
    graph.input(cacheKeyName(layer), 'float32', cacheDims);
    graph.input(cacheValueName(layer), 'float32', cacheDims);
  }
  const ctx: GraphContext = { graph, config, params, linear: options.linear ?? fp32Linear, bias: attentionBias(graph) };
  const { logits } = emitGpt(ctx, readOnlyCacheAttention);
  graph.output(logits, 'float32', ['batch', 'kept', config.vocabSize], LOGITS);
  const newDims = ['batch', config.nHead, 'seq', headDim(config)];
  for (let layer = 0; layer < config.nLayer; layer++) {
    graph.output(newKeyName(layer), 'float32', newDims);
    graph.output(newValueName(layer), 'float32', newDims);
  }
  return graph.toBytes();
}
