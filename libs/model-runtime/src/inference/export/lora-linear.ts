import { LinearLayerEmitter } from './linear-layer';

/** A GPT-2 layer's linear name, `h.<layer>.<module>` (module: attn.c_attn, attn.c_proj, mlp.c_fc, mlp.c_proj). */
const GPT_LINEAR = /^h\.(\d+)\.(.+)$/;

/**
 * decoder_step_lora's linear layers (issue 15, contract 3): the base layer plus a per-row low-rank update x·a·b,
 * where `lora.<layer>.<module>.a` [batch, in, lora_rank] and `.b` [batch, lora_rank, out] (already scaled by alpha/r)
 * are graph inputs. Rows of one batch may carry different adapters; rows without one are fed zeros.
 */
export function withLoraInputs(base: LinearLayerEmitter): LinearLayerEmitter {
  return (graph, x, layer) => {
    const y = base(graph, x, layer);
    const match = GPT_LINEAR.exec(layer.name);
    if (!match) return y;
    const prefix = `lora.${match[1]}.${match[2]}`;
    const a = graph.input(`${prefix}.a`, 'float32', ['batch', layer.inFeatures, 'lora_rank']);
    const b = graph.input(`${prefix}.b`, 'float32', ['batch', 'lora_rank', layer.outFeatures]);
    const [down] = graph.op('MatMul', [x, a]);
    const [update] = graph.op('MatMul', [down, b]);
    return graph.op('Add', [y, update])[0];
  };
}
