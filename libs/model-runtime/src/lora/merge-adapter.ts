import { ModelParams } from '../model/params';
import { AdapterFormatError, adapterModules, LoraAdapter, loraScale, peftTensorName, validateLoraAdapter } from './lora-adapter';
import { baseWeightName, isConv1dModule } from './module-layout';

/**
 * The base parameters with the adapter folded in: W' = W + (alpha/r)·B·A for each adapted module, B·A being [out, in]
 * and added transposed to GPT-2's Conv1D weights ([in, out]). Returns a new map; unadapted tensors are shared with
 * `baseParams`, adapted ones are fresh copies (the base stays untouched, as other adapters share it).
 */
export function mergeLoraAdapter(baseParams: ModelParams, adapter: LoraAdapter): ModelParams {
  validateLoraAdapter(adapter);
  const merged: ModelParams = new Map(baseParams);
  const scale = loraScale(adapter.config);
  const r = adapter.config.r;
  for (const { modulePath, a, b } of adapterModules(adapter)) {
    const weightName = baseWeightName(modulePath, baseParams);
    if (!weightName) throw new AdapterFormatError(peftTensorName(modulePath, 'A'), 'adapts a module the base model does not have');
    const base = baseParams.get(weightName)!;
    const [inDim, outDim] = [a.shape[1], b.shape[0]];
    if (base.length !== inDim * outDim) {
      throw new AdapterFormatError(peftTensorName(modulePath, 'A'), `implies a [${outDim}, ${inDim}] update but ${weightName} has ${base.length} values`);
    }
    const conv1d = isConv1dModule(modulePath);
    const out = Float32Array.from(base);
    for (let o = 0; o < outDim; o++) {
      for (let i = 0; i < inDim; i++) {
        let sum = 0;
        for (let k = 0; k < r; k++) sum += b.data[o * r + k] * a.data[k * inDim + i];
        out[conv1d ? i * outDim + o : o * inDim + i] += scale * sum;
      }
    }
    merged.set(weightName, out);
  }
  return merged;
}
