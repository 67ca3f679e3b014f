import * as ort from 'onnxruntime-node';
import { GptConfig, headDim } from '../../model/config';

/** Per layer, keys and values as [batch, heads, positions, headDim] tensors, the layout both exported graphs use. */
export interface KvCache {
  keys: ort.Tensor[];
  values: ort.Tensor[];
}

/** A cache with no positions yet, for a first run over whole prompts. */
export function emptyKvCache(config: GptConfig, batch: number): KvCache {
  const dims = [batch, config.nHead, 0, headDim(config)];
  const empty = () => new ort.Tensor('float32', new Float32Array(0), dims);
  return {
    keys: Array.from({ length: config.nLayer }, empty),
    values: Array.from({ length: config.nLayer }, empty),
  };
}
