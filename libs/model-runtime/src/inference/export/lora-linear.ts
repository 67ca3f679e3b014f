import { DecoderModelConfig } from '../../model/decoder-model';
import { GraphBuilder } from '../../onnx/graph-builder';
import { LinearLayerEmitter } from './linear-layer';

/**
 * decoder_step's adapter inputs, one pair per layer and target module, named by the module's Hugging Face path
 * inside its layer (`lora.3.self_attn.q_proj.a`, `lora.0.mlp.c_proj.b`): a [batch, in, lora_rank] and b [batch,
 * lora_rank, out], already scaled by alpha/r. Each batch row gets x·a·b added to that module's output, so rows of
 * different adapters share one run; a row without an adapter feeds zeros, and a batch without any adapter feeds
 * lora_rank 0, which skips the updates altogether (withLoraInputs).
 */
export const loraAName = (layer: number, module: string) => `lora.${layer}.${module}.a`;
export const loraBName = (layer: number, module: string) => `lora.${layer}.${module}.b`;
export const LORA_RANK = 'lora_rank';

export interface LoraTarget {
  layer: number;
  /** The module's path inside its layer, as PEFT's target_modules end with it. */
  module: string;
  inFeatures: number;
  outFeatures: number;
}

/** The adapted modules of one layer: path inside the layer, in and out features. */
function layerModules(model: DecoderModelConfig): [string, number, number][] {
  if (model.architecture === 'gpt2') {
    const d = model.config.nEmbd;
    return [
      ['attn.c_attn', d, 3 * d],
      ['attn.c_proj', d, d],
      ['mlp.c_fc', d, 4 * d],
      ['mlp.c_proj', 4 * d, d],
    ];
  }
  const { hiddenSize: d, nHead, nKvHead, headDim, intermediateSize: ff } = model.config;
  return [
    ['self_attn.q_proj', d, nHead * headDim],
    ['self_attn.k_proj', d, nKvHead * headDim],
    ['self_attn.v_proj', d, nKvHead * headDim],
    ['self_attn.o_proj', nHead * headDim, d],
    ['mlp.gate_proj', d, ff],
    ['mlp.up_proj', d, ff],
    ['mlp.down_proj', ff, d],
  ];
}

/** Every module decoder_step's LoRA inputs adapt, in input order. */
export function loraTargets(model: DecoderModelConfig): LoraTarget[] {
  const modules = layerModules(model);
  return Array.from({ length: model.config.nLayer }, (_, layer) =>
    modules.map(([module, inFeatures, outFeatures]) => ({ layer, module, inFeatures, outFeatures })),
  ).flat();
}

/** The graph's name of a target's linear layer: the module's full parameter prefix. */
function linearName(model: DecoderModelConfig, target: LoraTarget): string {
  return model.architecture === 'gpt2' ? `h.${target.layer}.${target.module}` : `model.layers.${target.layer}.${target.module}`;
}

/**
 * Declares the adapter inputs and returns `base` with x·a·b added to each target's output, inside an If on
 * lora_rank > 0: a batch with no adapter (rank 0) runs exactly the plain network's kernels plus one cheap If per
 * module, where always computing the update cost base rows 16–17% per CPU second even with zero factors
 * (BENCHMARKS.md). One If per module rather than one around two copies of the whole network, because onnxruntime
 * prepacks a weight once per kernel that reads it: two branches reading one initializer held two packed copies.
 */
export function withLoraInputs(graph: GraphBuilder, model: DecoderModelConfig, base: LinearLayerEmitter): LinearLayerEmitter {
  const inputs = new Map<string, { a: string; b: string }>();
  for (const target of loraTargets(model)) {
    const a = graph.input(loraAName(target.layer, target.module), 'float32', ['batch', target.inFeatures, LORA_RANK]);
    const b = graph.input(loraBName(target.layer, target.module), 'float32', ['batch', LORA_RANK, target.outFeatures]);
    inputs.set(linearName(model, target), { a, b });
  }
  const anyAdapter = positiveRank(graph, [...inputs.values()][0].a);
  return (g, x, layer) => {
    const output = base(g, x, layer);
    const adapter = inputs.get(layer.name);
    if (!adapter) return output;
    const dims = ['batch', 'seq', layer.outFeatures];
    const adapted = g.branch(`${layer.name}.lora`);
    const [down] = adapted.op('MatMul', [x, adapter.a]);
    const [up] = adapted.op('MatMul', [down, adapter.b]);
    adapted.output(adapted.op('Add', [output, up])[0], 'float32', dims);
    const plain = g.branch(`${layer.name}.plain`);
    // A branch may not return an outer value as it is (onnxruntime), hence the Identity.
    plain.output(plain.op('Identity', [output])[0], 'float32', dims);
    return g.op('If', [anyAdapter], { then_branch: adapted, else_branch: plain })[0];
  };
}

/** lora_rank > 0 as a scalar bool, read from one `a` input: every module's inputs carry the batch's one rank. */
function positiveRank(graph: GraphBuilder, a: string): string {
  const [rank] = graph.op('Shape', [a], { start: 2, end: 3 });
  const [positive] = graph.op('Greater', [rank, graph.constantI64([0], [1])]);
  return graph.op('Squeeze', [positive])[0];
}
