import { GptConfig, headDim } from '../../model/config';
import { ModelParams } from '../../model/params';
import { sinusoidalTable } from '../../model/sinusoidal';
import { GraphBuilder } from '../../onnx/graph-builder';
import { ModelConfigError } from '../../errors';
import { LinearLayerEmitter } from './linear-layer';

/**
 * The pieces of the GPT forward pass both exported graphs share (the Hugging Face interface graph
 * and the decoder-step graph); they differ only in how attention reaches cached keys and values.
 * The graph interface's names, the attention mask, scores and LM head serve the Llama family too.
 */

export const INPUT_IDS = 'input_ids';
export const ATTENTION_MASK = 'attention_mask';
export const POSITION_IDS = 'position_ids';
/** Optional in transformers.js: 1 during generation (logits of the last position only), 0 for all. */
export const NUM_LOGITS_TO_KEEP = 'num_logits_to_keep';
export const LOGITS = 'logits';
/** The final LayerNorm's output [batch, seq, nEmbd], Hugging Face's name for it (what embeddings pool). */
export const LAST_HIDDEN_STATE = 'last_hidden_state';

/** Large enough that exp() underflows to 0 after softmax, finite so fully masked rows stay NaN-free. */
const MASKED_SCORE = -1e9;

export interface GraphContext {
  graph: GraphBuilder;
  config: GptConfig;
  params: ModelParams;
  linear: LinearLayerEmitter;
  /** Additive attention bias [batch, 1, seq, cached + seq] from attentionBias(). */
  bias: string;
}

/** Query, key and value heads of one attention layer; nHead / nKvHead query heads share each key/value head. */
export interface HeadLayout {
  nHead: number;
  nKvHead: number;
  headDim: number;
}

/**
 * Attention of one layer over its keys and values, cached and new: queries [batch, nHead, seq, headDim], the new
 * keys and values [batch, nKvHead, seq, headDim] in, the per-head context [batch, nHead, seq, headDim] out. The two
 * graphs differ only in this (cache-attention.ts); each architecture computes q, k and v its own way.
 */
export type CacheAttention = (
  graph: GraphBuilder,
  heads: HeadLayout,
  bias: string,
  layer: number,
  qkv: [string, string, string],
) => string;

export function param(params: ModelParams, name: string, expectedLength: number): Float32Array {
  const value = params.get(name);
  if (!value) throw new ModelConfigError(`parameter ${name} is missing`);
  if (value.length !== expectedLength) {
    throw new ModelConfigError(`parameter ${name} has ${value.length} values, expected ${expectedLength}`);
  }
  return value;
}

/**
 * Additive attention bias [batch, 1, seq, cached + seq]: 0 where a query may attend a key, MASKED_SCORE
 * elsewhere. Keys are the cached positions followed by the new ones, and attention_mask covers both.
 * A query at key index cached + i sees keys 0..cached + i (causal) whose attention_mask is 1, so
 * padded rows and uneven lengths in one batch work without further input.
 */
export function attentionBias(graph: GraphBuilder): string {
  const [seqLen] = graph.op('Shape', [INPUT_IDS], { start: 1, end: 2 });
  const [totalLen] = graph.op('Shape', [ATTENTION_MASK], { start: 1, end: 2 });
  const [cachedLen] = graph.op('Sub', [totalLen, seqLen]);
  const [cachedScalar] = graph.op('Squeeze', [cachedLen]);
  const [totalScalar] = graph.op('Squeeze', [totalLen]);
  const zero = graph.constantI64([0], []);
  const one = graph.constantI64([1], []);
  const [queryIndex] = graph.op('Range', [cachedScalar, totalScalar, one]);
  const [queryColumn] = graph.op('Unsqueeze', [queryIndex, graph.constantI64([1], [1])]);
  const [keyIndex] = graph.op('Range', [zero, totalScalar, one]);
  const [causal] = graph.op('LessOrEqual', [keyIndex, queryColumn]);
  const [keyPresent] = graph.op('Cast', [ATTENTION_MASK], { to: 9 /* BOOL */ });
  const [keyPresent4d] = graph.op('Unsqueeze', [keyPresent, graph.constantI64([1, 2], [2])]);
  const [allowed] = graph.op('And', [causal, keyPresent4d]);
  return graph.op('Where', [allowed, graph.constantF32([0], []), graph.constantF32([MASKED_SCORE], [])])[0];
}

function layerNorm(ctx: GraphContext, x: string, prefix: string): string {
  const { graph, config, params } = ctx;
  const d = config.nEmbd;
  const scale = graph.initializer(`${prefix}.weight`, 'float32', [d], param(params, `${prefix}.weight`, d));
  const bias = graph.initializer(`${prefix}.bias`, 'float32', [d], param(params, `${prefix}.bias`, d));
  return graph.op('LayerNormalization', [x, scale, bias], { axis: -1, epsilon: { f: config.layerNormEps } })[0];
}

/** gelu_new: 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))); onnxruntime fuses this pattern into FastGelu. */
function geluTanh(graph: GraphBuilder, x: string): string {
  const [cube] = graph.op('Pow', [x, graph.constantF32([3], [])]);
  const [scaledCube] = graph.op('Mul', [cube, graph.constantF32([0.044715], [])]);
  const [inner] = graph.op('Add', [x, scaledCube]);
  const [scaled] = graph.op('Mul', [inner, graph.constantF32([Math.sqrt(2 / Math.PI)], [])]);
  const [tanh] = graph.op('Tanh', [scaled]);
  const [onePlus] = graph.op('Add', [tanh, graph.constantF32([1], [])]);
  const [half] = graph.op('Mul', [x, graph.constantF32([0.5], [])]);
  return graph.op('Mul', [half, onePlus])[0];
}

export function linear(ctx: GraphContext, x: string, name: string, inFeatures: number, outFeatures: number): string {
  return ctx.linear(ctx.graph, x, {
    name,
    weight: param(ctx.params, `${name}.weight`, inFeatures * outFeatures),
    bias: param(ctx.params, `${name}.bias`, outFeatures),
    inFeatures,
    outFeatures,
  });
}

/** [batch, seq, heads·headDim] -> [batch, heads, seq, headDim] */
export function splitHeads(graph: GraphBuilder, x: string, heads: number, headDim: number): string {
  const [reshaped] = graph.op('Reshape', [x, graph.constantI64([0, 0, heads, headDim], [4])]);
  return graph.op('Transpose', [reshaped], { perm: [0, 2, 1, 3] })[0];
}

/** [batch, heads, seq, headDim] -> [batch, seq, heads·headDim] */
export function mergeHeads(graph: GraphBuilder, context: string, width: number): string {
  const [merged] = graph.op('Transpose', [context], { perm: [0, 2, 1, 3] });
  return graph.op('Reshape', [merged, graph.constantI64([0, 0, width], [3])])[0];
}

/** The fused q|k|v projection split into three [batch, heads, seq, headDim] tensors. */
function projectQkv(ctx: GraphContext, x: string, layer: number): [string, string, string] {
  const { graph, config } = ctx;
  const d = config.nEmbd;
  const qkv = linear(ctx, x, `h.${layer}.attn.c_attn`, d, 3 * d);
  const parts = graph.op('Split', [qkv, graph.constantI64([d, d, d], [3])], { axis: -1 }, { outputs: 3 });
  return parts.map((part) => splitHeads(graph, part, config.nHead, headDim(config))) as [string, string, string];
}

/**
 * Scaled query·keyᵀ scores [batch, heads, seq, keys], computed as (keys·queryᵀ)ᵀ: onnxruntime would
 * otherwise fuse the keys' transpose into a MatMul that transposes the whole key cache on every run
 * (measured: the largest kernel of a batch-8 decode step); transposing the query and the scores,
 * both small, instead leaves the cache in place.
 */
export function attentionScores(graph: GraphBuilder, q: string, keys: string, headDim: number): string {
  const [queryT] = graph.op('Transpose', [q], { perm: [0, 1, 3, 2] });
  const [scoresT] = graph.op('MatMul', [keys, queryT]);
  const [scores] = graph.op('Transpose', [scoresT], { perm: [0, 1, 3, 2] });
  return graph.op('Mul', [scores, graph.constantF32([1 / Math.sqrt(headDim)], [])])[0];
}

function attention(ctx: GraphContext, cacheAttention: CacheAttention, x: string, layer: number): string {
  const { graph, config } = ctx;
  const heads = { nHead: config.nHead, nKvHead: config.nHead, headDim: headDim(config) };
  const context = cacheAttention(graph, heads, ctx.bias, layer, projectQkv(ctx, x, layer));
  return linear(ctx, mergeHeads(graph, context, config.nEmbd), `h.${layer}.attn.c_proj`, config.nEmbd, config.nEmbd);
}

function mlp(ctx: GraphContext, x: string, layer: number): string {
  const d = ctx.config.nEmbd;
  const hidden = linear(ctx, x, `h.${layer}.mlp.c_fc`, d, 4 * d);
  return linear(ctx, geluTanh(ctx.graph, hidden), `h.${layer}.mlp.c_proj`, 4 * d, d);
}

function embeddings(ctx: GraphContext): string {
  const { graph, config, params } = ctx;
  const { vocabSize: vocab, contextLength: contextLength, nEmbd: d } = config;
  graph.initializer('wte.weight', 'float32', [vocab, d], param(params, 'wte.weight', vocab * d));
  const positionTable =
    config.positional === 'learned' ? param(params, 'wpe.weight', contextLength * d) : sinusoidalTable(contextLength, d);
  graph.initializer('wpe.weight', 'float32', [contextLength, d], positionTable);
  const [tokens] = graph.op('Gather', ['wte.weight', INPUT_IDS], { axis: 0 });
  const [positions] = graph.op('Gather', ['wpe.weight', POSITION_IDS], { axis: 0 });
  return graph.op('Add', [tokens, positions])[0];
}

/** The last num_logits_to_keep positions of [batch, seq, d] (all of them when it is 0, as -0 = 0). */
function keepLastPositions(graph: GraphBuilder, hidden: string): string {
  const [negated] = graph.op('Neg', [NUM_LOGITS_TO_KEEP]);
  const [start] = graph.op('Unsqueeze', [negated, graph.constantI64([0], [1])]);
  const end = graph.constantI64([Number.MAX_SAFE_INTEGER], [1]);
  return graph.op('Slice', [hidden, start, end, graph.constantI64([1], [1])])[0];
}

/**
 * LM head over the kept positions: logits = h · Wᵀ with W [vocab, hidden] (the token embedding when tied, or an
 * nn.Linear weight), via Gemm's transB so W is stored once in its own layout.
 */
export function lmHead(graph: GraphBuilder, hidden: string, weight: string, hiddenSize: number, vocabSize: number): string {
  const kept = keepLastPositions(graph, hidden);
  const [batchAndPositions] = graph.op('Shape', [kept], { start: 0, end: 2 });
  const [rows] = graph.op('Reshape', [kept, graph.constantI64([-1, hiddenSize], [2])]);
  const [logits2d] = graph.op('Gemm', [rows, weight], { transB: 1 });
  const vocab = graph.constantI64([vocabSize], [1]);
  const [logitsShape] = graph.op('Concat', [batchAndPositions, vocab], { axis: 0 });
  return graph.op('Reshape', [logits2d, logitsShape])[0];
}

/**
 * Emits the whole network (inputs must already be declared) and returns its values: the logits, and the final
 * LayerNorm's output they come from. Embeddings, pre-LayerNorm blocks with the given attention, final LayerNorm,
 * tied LM head.
 */
export function emitGpt(ctx: GraphContext, cacheAttention: CacheAttention): { logits: string; lastHiddenState: string } {
  let x = embeddings(ctx);
  for (let layer = 0; layer < ctx.config.nLayer; layer++) {
    [x] = ctx.graph.op('Add', [x, attention(ctx, cacheAttention, layerNorm(ctx, x, `h.${layer}.ln_1`), layer)]);
    [x] = ctx.graph.op('Add', [x, mlp(ctx, layerNorm(ctx, x, `h.${layer}.ln_2`), layer)]);
  }
  const lastHiddenState = layerNorm(ctx, x, 'ln_f');
  const { nEmbd, vocabSize } = ctx.config;
  return { logits: lmHead(ctx.graph, lastHiddenState, 'wte.weight', nEmbd, vocabSize), lastHiddenState };
}
