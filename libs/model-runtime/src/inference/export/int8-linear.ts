import { addBias, inOutWeight, LinearLayerEmitter } from './linear-layer';

const INT8_ZERO_POINT = 128;
const INT8_MAX_MAGNITUDE = 127;

/**
 * Symmetric per-output-column 8-bit quantization of a [inFeatures, outFeatures] weight. Stored as
 * uint8 with zero point 128 (the graph builder has no int8 type; the arithmetic is the same).
 */
export function quantizeInt8PerColumn(
  weight: Float32Array,
  inFeatures: number,
  outFeatures: number,
): { quantized: Uint8Array; scales: Float32Array } {
  const scales = new Float32Array(outFeatures);
  for (let row = 0; row < inFeatures; row++) {
    for (let col = 0; col < outFeatures; col++) {
      scales[col] = Math.max(scales[col], Math.abs(weight[row * outFeatures + col]));
    }
  }
  for (let col = 0; col < outFeatures; col++) scales[col] = scales[col] / INT8_MAX_MAGNITUDE || 1;
  const quantized = new Uint8Array(weight.length);
  for (let i = 0; i < weight.length; i++) {
    const level = Math.round(weight[i] / scales[i % outFeatures]);
    quantized[i] = INT8_ZERO_POINT + Math.max(-INT8_MAX_MAGNITUDE, Math.min(INT8_MAX_MAGNITUDE, level));
  }
  return { quantized, scales };
}

/** Weights live as int8 in the file and are expanded by DequantizeLinear at run time. */
export const int8Linear: LinearLayerEmitter = (graph, x, layer) => {
  const { quantized, scales } = quantizeInt8PerColumn(inOutWeight(layer), layer.inFeatures, layer.outFeatures);
  const dims = [layer.inFeatures, layer.outFeatures];
  const weightQ = graph.initializer(`${layer.name}.weight_quantized`, 'uint8', dims, quantized);
  const scale = graph.initializer(`${layer.name}.weight_scale`, 'float32', [layer.outFeatures], scales);
  const zeroPoint = graph.initializer(
    `${layer.name}.weight_zero_point`,
    'uint8',
    [layer.outFeatures],
    new Uint8Array(layer.outFeatures).fill(INT8_ZERO_POINT),
  );
  const [weight] = graph.op('DequantizeLinear', [weightQ, scale, zeroPoint], { axis: 1 });
  const [product] = graph.op('MatMul', [x, weight]);
  return addBias(graph, product, layer);
};
