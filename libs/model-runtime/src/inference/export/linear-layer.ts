import { GraphBuilder } from '../../onnx/graph-builder';

/**
 * A linear layer y = x · W + b, W stored [inFeatures, outFeatures] (GPT-2's Conv1D) or, with layout 'out-in',
 * [outFeatures, inFeatures] (nn.Linear, the Llama family); b is optional.
 */
export interface LinearWeights {
  name: string;
  weight: Float32Array;
  layout?: 'in-out' | 'out-in';
  bias?: Float32Array;
  inFeatures: number;
  outFeatures: number;
}

/** The weight as [inFeatures, outFeatures], what the quantizers pack; an nn.Linear weight is transposed (a copy). */
export function inOutWeight(layer: LinearWeights): Float32Array {
  if (layer.layout !== 'out-in') return layer.weight;
  const { weight, inFeatures, outFeatures } = layer;
  const result = new Float32Array(weight.length);
  for (let o = 0; o < outFeatures; o++) {
    for (let i = 0; i < inFeatures; i++) result[i * outFeatures + o] = weight[o * inFeatures + i];
  }
  return result;
}

/**
 * Emits the nodes of one linear layer into a graph; the weight format (fp32, int8, 4-bit) is the
 * only thing that differs between exports, so each format is one implementation of this.
 */
export type LinearLayerEmitter = (graph: GraphBuilder, x: string, layer: LinearWeights) => string;

/** product + the layer's bias, or the product alone for a layer without one. */
export function addBias(graph: GraphBuilder, product: string, layer: LinearWeights): string {
  if (!layer.bias) return product;
  const bias = graph.initializer(`${layer.name}.bias`, 'float32', [layer.outFeatures], layer.bias);
  return graph.op('Add', [product, bias])[0];
}

/**
 * x · W as Gemm with transB over the rows of x, for an nn.Linear weight stored [out, in]: the graph keeps the
 * checkpoint's array itself instead of a transposed copy, so building a large model's graph costs no second copy.
 */
function outInProduct(graph: GraphBuilder, x: string, layer: LinearWeights, weight: string): string {
  const [leading] = graph.op('Shape', [x], { start: 0, end: -1 });
  const [rows] = graph.op('Reshape', [x, graph.constantI64([-1, layer.inFeatures], [2])]);
  const [product2d] = graph.op('Gemm', [rows, weight], { transB: 1 });
  const [shape] = graph.op('Concat', [leading, graph.constantI64([layer.outFeatures], [1])], { axis: 0 });
  return graph.op('Reshape', [product2d, shape])[0];
}

export const fp32Linear: LinearLayerEmitter = (graph, x, layer) => {
  const outIn = layer.layout === 'out-in';
  const dims = outIn ? [layer.outFeatures, layer.inFeatures] : [layer.inFeatures, layer.outFeatures];
  const weight = graph.initializer(`${layer.name}.weight`, 'float32', dims, layer.weight);
  const product = outIn ? outInProduct(graph, x, layer, weight) : graph.op('MatMul', [x, weight])[0];
  return addBias(graph, product, layer);
};
