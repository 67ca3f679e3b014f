import { LlamaConfig } from '../../model/llama-config';
import { ModelParams } from '../../model/params';
import { GraphBuilder } from '../../onnx/graph-builder';
import { CacheAttention, HeadLayout, INPUT_IDS, POSITION_IDS, lmHead, mergeHeads, param, splitHeads } from './gpt-blocks';
import { LinearLayerEmitter } from './linear-layer';
import { rotaryTables } from './rotary-tables';

/**
 * The Llama-family forward pass (Llama, Qwen2, Mistral) as transformers computes it: token embedding, pre-RMSNorm
 * blocks of grouped-query attention with rotary positions and a SwiGLU MLP, final RMSNorm, LM head tied to the
 * embedding or not. Parameters keep Hugging Face's names and nn.Linear layout [out, in].
 */
export interface LlamaGraphContext {
  graph: GraphBuilder;
  config: LlamaConfig;
  params: ModelParams;
  linear: LinearLayerEmitter;
  /** Additive attention bias [batch, 1, seq, cached + seq] from attentionBias(). */
  bias: string;
}

function linear(ctx: LlamaGraphContext, x: string, name: string, inFeatures: number, outFeatures: number, hasBias = false): string {
  return ctx.linear(ctx.graph, x, {
    name,
    weight: param(ctx.params, `${name}.weight`, inFeatures * outFeatures),
    layout: 'out-in',
    bias: hasBias ? param(ctx.params, `${name}.bias`, outFeatures) : undefined,
    inFeatures,
    outFeatures,
  });
}

/** x / √(mean(x²) + ε) · weight, the pattern onnxruntime fuses into SimplifiedLayerNormalization. */
function rmsNorm(ctx: LlamaGraphContext, x: string, name: string): string {
  const { graph, config } = ctx;
  const d = config.hiddenSize;
  const weight = graph.initializer(name, 'float32', [d], param(ctx.params, name, d));
  const [squared] = graph.op('Pow', [x, graph.constantF32([2], [])]);
  const [meanSquare] = graph.op('ReduceMean', [squared], { axes: [-1], keepdims: 1 });
  const [shifted] = graph.op('Add', [meanSquare, graph.constantF32([config.rmsNormEps], [])]);
  const [rms] = graph.op('Sqrt', [shifted]);
  const [normalized] = graph.op('Div', [x, rms]);
  return graph.op('Mul', [normalized, weight])[0];
}

/** cos and sin [batch, 1, seq, headDim] of each token's position, gathered from tables computed at export. */
function rotaryAngles(ctx: LlamaGraphContext): { cos: string; sin: string } {
  const { graph, config } = ctx;
  const tables = rotaryTables(config);
  const dims = [config.contextLength, config.headDim];
  const gather = (name: string, table: Float32Array) => {
    graph.initializer(name, 'float32', dims, table);
    const [rows] = graph.op('Gather', [name, POSITION_IDS], { axis: 0 });
    return graph.op('Unsqueeze', [rows, graph.constantI64([1], [1])])[0];
  };
  return { cos: gather('rotary.cos', tables.cos), sin: gather('rotary.sin', tables.sin) };
}

/** x·cos + rotate_half(x)·sin, rotate_half(x) = [-x₂, x₁] for the halves x₁, x₂ of each head. */
function rotate(ctx: LlamaGraphContext, x: string, angles: { cos: string; sin: string }): string {
  const { graph } = ctx;
  const half = ctx.config.headDim / 2;
  const [first, second] = graph.op('Split', [x, graph.constantI64([half, half], [2])], { axis: -1 }, { outputs: 2 });
  const [negated] = graph.op('Neg', [second]);
  const [rotated] = graph.op('Concat', [negated, first], { axis: -1 });
  const [cosPart] = graph.op('Mul', [x, angles.cos]);
  const [sinPart] = graph.op('Mul', [rotated, angles.sin]);
  return graph.op('Add', [cosPart, sinPart])[0];
}

function attention(
  ctx: LlamaGraphContext,
  cacheAttention: CacheAttention,
  angles: { cos: string; sin: string },
  x: string,
  layer: number,
): string {
  const { graph, config } = ctx;
  const { hiddenSize: d, nHead, nKvHead, headDim } = config;
  const heads: HeadLayout = { nHead, nKvHead, headDim };
  const prefix = `model.layers.${layer}.self_attn`;
  const project = (module: string, count: number) =>
    splitHeads(graph, linear(ctx, x, `${prefix}.${module}`, d, count * headDim, config.attentionBias), count, headDim);
  const q = rotate(ctx, project('q_proj', nHead), angles);
  const k = rotate(ctx, project('k_proj', nKvHead), angles);
  const v = project('v_proj', nKvHead);
  const context = cacheAttention(graph, heads, ctx.bias, layer, [q, k, v]);
  return linear(ctx, mergeHeads(graph, context, nHead * headDim), `${prefix}.o_proj`, nHead * headDim, d);
}

/** down(silu(gate(x)) · up(x)) */
function swiGlu(ctx: LlamaGraphContext, x: string, layer: number): string {
  const { graph, config } = ctx;
  const { hiddenSize: d, intermediateSize: ff } = config;
  const prefix = `model.layers.${layer}.mlp`;
  const gate = linear(ctx, x, `${prefix}.gate_proj`, d, ff);
  const up = linear(ctx, x, `${prefix}.up_proj`, d, ff);
  const [sigmoid] = graph.op('Sigmoid', [gate]);
  const [silu] = graph.op('Mul', [gate, sigmoid]);
  const [gated] = graph.op('Mul', [silu, up]);
  return linear(ctx, gated, `${prefix}.down_proj`, ff, d);
}

/** Emits the network (inputs already declared); returns the logits and the final RMSNorm's output. */
export function emitLlama(ctx: LlamaGraphContext, cacheAttention: CacheAttention): { logits: string; lastHiddenState: string } {
  const { graph, config, params } = ctx;
  const { vocabSize: vocab, hiddenSize: d } = config;
  const embedding = 'model.embed_tokens.weight';
  graph.initializer(embedding, 'float32', [vocab, d], param(params, embedding, vocab * d));
  let [x] = graph.op('Gather', [embedding, INPUT_IDS], { axis: 0 });
  const angles = rotaryAngles(ctx);
  for (let layer = 0; layer < config.nLayer; layer++) {
    const prefix = `model.layers.${layer}`;
    [x] = graph.op('Add', [x, attention(ctx, cacheAttention, angles, rmsNorm(ctx, x, `${prefix}.input_layernorm.weight`), layer)]);
    [x] = graph.op('Add', [x, swiGlu(ctx, rmsNorm(ctx, x, `${prefix}.post_attention_layernorm.weight`), layer)]);
  }
  const lastHiddenState = rmsNorm(ctx, x, 'model.norm.weight');
  let head = embedding;
  if (!config.tieEmbeddings) head = graph.initializer('lm_head.weight', 'float32', [vocab, d], param(params, 'lm_head.weight', vocab * d));
  return { logits: lmHead(graph, lastHiddenState, head, d, vocab), lastHiddenState };
}
