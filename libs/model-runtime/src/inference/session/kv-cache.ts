import * as ort from 'onnxruntime-node';
import { DecoderShape } from '../../model/decoder-model';

/**
 * Per layer, keys and values as [batch, nKvHead, positions, headDim] tensors, the layout every exported graph uses
 * (GPT-2's nKvHead is its head count; a grouped-query model caches only its key/value heads).
 */
export interface KvCache {
  keys: ort.Tensor[];
  values: ort.Tensor[];
}

/** A cache with no positions yet, for a first run over whole prompts. */
export function emptyKvCache(shape: DecoderShape, batch: number): KvCache {
  const dims = [batch, shape.nKvHead, 0, shape.headDim];
  const empty = () => new ort.Tensor('float32', new Float32Array(0), dims);
  return {
    keys: Array.from({ length: shape.nLayer }, empty),
    values: Array.from({ length: shape.nLayer }, empty),
  };
}
