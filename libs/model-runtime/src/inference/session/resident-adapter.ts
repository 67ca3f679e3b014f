import { AdapterFormatError, adapterModules, LoraAdapter, loraScale, peftTensorName, validateLoraAdapter } from '../../lora/lora-adapter';
import { LoraModule } from './lora-modules';

/** One module's factors in the layout the graph multiplies: a [in, rank], b·(alpha/r) [rank, out]. */
export interface LoraFactors {
  a: Float32Array;
  b: Float32Array;
}

/** `model.layers.3.self_attn.q_proj` (Llama family) or `transformer.h.3.attn.c_attn` (GPT-2): layer and module below it. */
const LAYER_MODULE = /(?:^|\.)(?:layers|h)\.(\d+)\.(.+)$/;

/**
 * An adapter converted once, when it loads, into per-module factors for decoder_step's LoRA inputs, so a decode step only
 * copies them into its batch rows. Modules the adapter does not target have no factors (their rows stay zero).
 */
export class ResidentAdapter {
  private constructor(
    readonly rank: number,
    /** By the module's `a` input name, so any session of the same graph file can use them. */
    readonly factors: ReadonlyMap<string, LoraFactors>,
  ) {}

  /** Throws AdapterFormatError naming the first tensor that has no module in the graph or the wrong shape. */
  static convert(adapter: LoraAdapter, modules: readonly LoraModule[]): ResidentAdapter {
    validateLoraAdapter(adapter);
    const { r } = adapter.config;
    const scale = loraScale(adapter.config);
    const factors = new Map<string, LoraFactors>();
    for (const { modulePath, a, b } of adapterModules(adapter)) {
      const [, layer, path] = LAYER_MODULE.exec(modulePath) ?? [];
      const module = modules.find((m) => m.layer === Number(layer) && (path === m.module || path?.endsWith(`.${m.module}`)));
      if (!module) throw new AdapterFormatError(peftTensorName(modulePath, 'A'), `adapts a module the base's graph has no LoRA inputs for`);
      if (a.shape[1] !== module.inFeatures || b.shape[0] !== module.outFeatures) {
        throw new AdapterFormatError(
          peftTensorName(modulePath, 'A'),
          `implies a [${b.shape[0]}, ${a.shape[1]}] update, expected [${module.outFeatures}, ${module.inFeatures}]`,
        );
      }
      factors.set(module.aInput, { a: transpose(a.data, r, module.inFeatures, 1), b: transpose(b.data, module.outFeatures, r, scale) });
    }
    return new ResidentAdapter(r, factors);
  }

  /** Bytes its factors hold (what one more resident adapter costs). */
  get bytes(): number {
    let total = 0;
    for (const { a, b } of this.factors.values()) total += a.byteLength + b.byteLength;
    return total;
  }
}

/** [rows, columns] row-major -> [columns, rows], each value times `scale`. */
function transpose(data: Float32Array, rows: number, columns: number, scale: number): Float32Array {
  const out = new Float32Array(rows * columns);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < columns; j++) out[j * rows + i] = data[i * columns + j] * scale;
  }
  return out;
}
