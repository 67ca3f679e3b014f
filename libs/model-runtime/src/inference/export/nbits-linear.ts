import { addBias, inOutWeight, LinearLayerEmitter } from './linear-layer';

const BITS = 4;
const BLOCK_SIZE = 32;
const ZERO_POINT = 8; // MatMulNBits' default 4-bit zero point when none is given
const MAX_LEVEL = 15;
/** accuracy_level 4 lets onnxruntime's CPU kernel compute with int8 activations, its fastest path. */
const ACCURACY_LEVEL = 4;

/**
 * Packs a [K, N] weight the way com.microsoft MatMulNBits reads it: transposed to N rows, each row cut
 * into blocks of BLOCK_SIZE along K with one scale per block, two 4-bit levels per byte (low nibble first).
 */
export function quantize4BitBlocks(
  weight: Float32Array,
  k: number,
  n: number,
): { packed: Uint8Array; scales: Float32Array; blocksPerRow: number } {
  const blocksPerRow = Math.ceil(k / BLOCK_SIZE);
  const bytesPerBlock = (BLOCK_SIZE * BITS) / 8;
  const packed = new Uint8Array(n * blocksPerRow * bytesPerBlock);
  const scales = new Float32Array(n * blocksPerRow);
  for (let col = 0; col < n; col++) {
    for (let block = 0; block < blocksPerRow; block++) {
      const start = block * BLOCK_SIZE;
      const end = Math.min(k, start + BLOCK_SIZE);
      let maxAbs = 0;
      for (let row = start; row < end; row++) maxAbs = Math.max(maxAbs, Math.abs(weight[row * n + col]));
      // Levels 0..15 around zero point 8 reach -8·scale..7·scale; map max|w| to 7.
      const scale = maxAbs / (MAX_LEVEL - ZERO_POINT) || 1;
      const blockIndex = col * blocksPerRow + block;
      scales[blockIndex] = scale;
      for (let row = start; row < end; row++) {
        const level = Math.max(0, Math.min(MAX_LEVEL, Math.round(weight[row * n + col] / scale) + ZERO_POINT));
        const offset = row - start;
        const byte = blockIndex * bytesPerBlock + (offset >> 1);
        packed[byte] |= offset % 2 === 0 ? level : level << 4;
      }
      // Slots past K in the last block hold the zero point, so they dequantize to 0.
      for (let offset = end - start; offset < BLOCK_SIZE; offset++) {
        const byte = blockIndex * bytesPerBlock + (offset >> 1);
        packed[byte] |= offset % 2 === 0 ? ZERO_POINT : ZERO_POINT << 4;
      }
    }
  }
  return { packed, scales, blocksPerRow };
}

/** 4-bit block-quantized weights through onnxruntime's fused dequantize-and-multiply contrib op. */
export const nbitsLinear: LinearLayerEmitter = (graph, x, layer) => {
  const { inFeatures: k, outFeatures: n } = layer;
  const { packed, scales, blocksPerRow } = quantize4BitBlocks(inOutWeight(layer), k, n);
  const bytesPerBlock = (BLOCK_SIZE * BITS) / 8;
  const weightQ = graph.initializer(`${layer.name}.weight_q4`, 'uint8', [n, blocksPerRow, bytesPerBlock], packed);
  const scale = graph.initializer(`${layer.name}.weight_scales`, 'float32', [n * blocksPerRow], scales);
  const [product] = graph.op(
    'MatMulNBits',
    [x, weightQ, scale],
    { K: k, N: n, bits: BITS, block_size: BLOCK_SIZE, accuracy_level: ACCURACY_LEVEL },
    { domain: 'com.microsoft' },
  );
  return addBias(graph, product, layer);
};
