import { GptConfig, headDim, validateConfig } from '../../model/config';
import { ModelParams, paramShapes } from '../../model/params';
import { sinusoidalTable } from '../../model/sinusoidal';
import { GraphBuilder } from '../../onnx/graph-builder';
import { ModelConfigError } from '../../errors';
import { LinearLayerEmitter, fp32Linear } from './linear-layer';

/** Graph input / output names and dimension names, as Hugging Face exports decoder-only models. */
export const INPUT_IDS = 'input_ids';
export const ATTENTION_MASK = 'attention_mask';
export const POSITION_IDS = 'position_ids';
/** Optional in transformers.js: 1 during generation (logits of the last position only), 0 for all. */
export const NUM_LOGITS_TO_KEEP = 'num_logits_to_keep';
export const LOGITS = 'logits';
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

/** Large enough that exp() underflows to 0 after softmax, finite so fully masked rows stay NaN-free. */
const MASKED_SCORE = -1e9;

function param(params: ModelParams, name: string, expectedLength: number): Float32Array {
  const value = params.get(name);
  if (!value) throw new ModelConfigError(`parameter ${name} is missing`);
  if (value.length !== expectedLength) {
    throw new ModelConfigError(`parameter ${name} has ${value.length} values, expected ${expectedLength}`);
  }
  return value;
}

/**
 * Additive attention bias [batch, 1, seq, past + seq]: 0 where a query may attend a key, MASKED_SCORE
 * elsewhere. A query at cache index past + i sees keys 0..past + i (causal) whose attention_mask is 1,
 * so left-padded rows and uneven cache lengths in one batch work without further input.
 */
function attentionBias(graph: GraphBuilder): string {
  const [seqLen] = graph.op('Shape', [INPUT_IDS], { start: 1, end: 2 });
  const [totalLen] = graph.op('Shape', [ATTENTION_MASK], { start: 1, end: 2 });
  const [pastLen] = graph.op('Sub', [totalLen, seqLen]);
  const [pastScalar] = graph.op('Squeeze', [pastLen]);
  const [totalScalar] = graph.op('Squeeze', [totalLen]);
  const zero = graph.constantI64([0], []);
  const one = graph.constantI64([1], []);
  const [queryIndex] = graph.op('Range', [pastScalar, totalScalar, one]);
  const [queryColumn] = graph.op('Unsqueeze', [queryIndex, graph.constantI64([1], [1])]);
  const [keyIndex] = graph.op('Range', [zero, totalScalar, one]);
  const [causal] = graph.op('LessOrEqual', [keyIndex, queryColumn]);
  const [keyPresent] = graph.op('Cast', [ATTENTION_MASK], { to: 9 /* BOOL */ });
  const [keyPresent4d] = graph.op('Unsqueeze', [keyPresent, graph.constantI64([1, 2], [2])]);
  const [allowed] = graph.op('And', [causal, keyPresent4d]);
  return graph.op('Where', [allowed, graph.constantF32([0], []), graph.constantF32([MASKED_SCORE], [])])[0];
}

function layerNorm(graph: GraphBuilder, x: string, params: ModelParams, prefix: string, config: GptConfig): string {
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

interface BlockContext {
  graph: GraphBuilder;
  config: GptConfig;
  params: ModelParams;
  linear: LinearLayerEmitter;
  bias: string;
}

function linear(ctx: BlockContext, x: string, name: string, inFeatures: number, outFeatures: number): string {
  return ctx.linear(ctx.graph, x, {
    name,
    weight: param(ctx.params, `${name}.weight`, inFeatures * outFeatures),
    bias: param(ctx.params, `${name}.bias`, outFeatures),
    inFeatures,
    outFeatures,
  });
}

/** [batch, seq, d] -> [batch, heads, seq, headDim] */
function splitHeads(ctx: BlockContext, x: string): string {
  const { graph, config } = ctx;
  const shape = graph.constantI64([0, 0, config.nHead, headDim(config)], [4]);
  const [reshaped] = graph.op('Reshape', [x, shape]);
  return graph.op('Transpose', [reshaped], { perm: [0, 2, 1, 3] })[0];
}

function attention(ctx: BlockContext, x: string, layer: number): string {
  const { graph, config } = ctx;
  const d = config.nEmbd;
  const prefix = `h.${layer}.attn`;
  const qkv = linear(ctx, x, `${prefix}.c_attn`, d, 3 * d);
  const [q, k, v] = graph.op('Split', [qkv, graph.constantI64([d, d, d], [3])], { axis: -1 }, { outputs: 3 });
  const [keys] = graph.op('Concat', [pastKeyName(layer), splitHeads(ctx, k)], { axis: 2 }, {
    outputNames: [presentKeyName(layer)],
  });
  const [values] = graph.op('Concat', [pastValueName(layer), splitHeads(ctx, v)], { axis: 2 }, {
    outputNames: [presentValueName(layer)],
  });
  const [keysT] = graph.op('Transpose', [keys], { perm: [0, 1, 3, 2] });
  const [scores] = graph.op('MatMul', [splitHeads(ctx, q), keysT]);
  const [scaled] = graph.op('Mul', [scores, graph.constantF32([1 / Math.sqrt(headDim(config))], [])]);
  const [masked] = graph.op('Add', [scaled, ctx.bias]);
  const [weights] = graph.op('Softmax', [masked], { axis: -1 });
  const [context] = graph.op('MatMul', [weights, values]);
  const [merged] = graph.op('Transpose', [context], { perm: [0, 2, 1, 3] });
  const [flat] = graph.op('Reshape', [merged, graph.constantI64([0, 0, d], [3])]);
  return linear(ctx, flat, `${prefix}.c_proj`, d, d);
}

function mlp(ctx: BlockContext, x: string, layer: number): string {
  const d = ctx.config.nEmbd;
  const hidden = linear(ctx, x, `h.${layer}.mlp.c_fc`, d, 4 * d);
  return linear(ctx, geluTanh(ctx.graph, hidden), `h.${layer}.mlp.c_proj`, 4 * d, d);
}

function embeddings(graph: GraphBuilder, config: GptConfig, params: ModelParams): string {
  const { vocabSize: vocab, contextLength: ctx, nEmbd: d } = config;
  graph.initializer('wte.weight', 'float32', [vocab, d], param(params, 'wte.weight', vocab * d));
  const positionTable =
    config.positional === 'learned' ? param(params, 'wpe.weight', ctx * d) : sinusoidalTable(ctx, d);
  graph.initializer('wpe.weight', 'float32', [ctx, d], positionTable);
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

/** LM head tied to the token embedding: logits = h · wteᵀ, via Gemm's transB so wte is stored once. */
function lmHead(graph: GraphBuilder, config: GptConfig, hidden: string): string {
  const kept = keepLastPositions(graph, hidden);
  const [batchAndPositions] = graph.op('Shape', [kept], { start: 0, end: 2 });
  const [rows] = graph.op('Reshape', [kept, graph.constantI64([-1, config.nEmbd], [2])]);
  const [logits2d] = graph.op('Gemm', [rows, 'wte.weight'], { transB: 1 });
  const vocab = graph.constantI64([config.vocabSize], [1]);
  const [logitsShape] = graph.op('Concat', [batchAndPositions, vocab], { axis: 0 });
  return graph.op('Reshape', [logits2d, logitsShape])[0];
}

export interface InferenceGraphOptions {
  /** How linear-layer weights are stored; fp32 unless a quantized export asks otherwise. */
  linear?: LinearLayerEmitter;
}

/**
 * The GPT forward pass with a key/value cache, in Hugging Face's decoder-only interface:
 * input_ids, attention_mask [batch, past + seq], position_ids, num_logits_to_keep and
 * past_key_values.N.key|value in; logits and present.N.key|value (past extended by seq) out.
 */
export function buildInferenceGraph(
  config: GptConfig,
  params: ModelParams,
  options: InferenceGraphOptions = {},
): Uint8Array {
  validateConfig(config);
  for (const name of paramShapes(config).keys()) {
    if (!params.has(name)) throw new ModelConfigError(`parameter ${name} is missing`);
  }
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
  const ctx: BlockContext = { graph, config, params, linear: options.linear ?? fp32Linear, bias: attentionBias(graph) };
  let x = embeddings(graph, config, params);
  for (let layer = 0; layer < config.nLayer; layer++) {
    [x] = graph.op('Add', [x, attention(ctx, layerNorm(graph, x, params, `h.${layer}.ln_1`, config), layer)]);
    [x] = graph.op('Add', [x, mlp(ctx, layerNorm(graph, x, params, `h.${layer}.ln_2`, config), layer)]);
  }
  const logits = lmHead(graph, config, layerNorm(graph, x, params, 'ln_f', config));
  graph.output(logits, 'float32', [BATCH, 'logits_length', config.vocabSize], LOGITS);
  const presentDims = [BATCH, config.nHead, TOTAL, headDim(config)];
  for (let layer = 0; layer < config.nLayer; layer++) {
    graph.output(presentKeyName(layer), 'float32', presentDims);
    graph.output(presentValueName(layer), 'float32', presentDims);
  }
  return graph.toBytes();
}
