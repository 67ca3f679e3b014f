import { GraphBuilder } from '../../onnx/graph-builder';

/** A Conv1D-layout linear layer: y = x · W + b with W stored [inFeatures, outFeatures]; b is optional. */
export interface LinearWeights {
  name: string;
  weight: Float32Array;
  bias?: Float32Array;
  inFeatures: number;
  outFeatures: number;
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

export const fp32Linear: LinearLayerEmitter = (graph, x, layer) => {
  const weight = graph.initializer(`${layer.name}.weight`, 'float32', [layer.inFeatures, layer.outFeatures], layer.weight);
  const [product] = graph.op('MatMul', [x, weight]);
  return addBias(graph, product, layer);
};
