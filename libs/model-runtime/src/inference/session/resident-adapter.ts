import { AdapterMismatchError } from '../errors';
import { LoraModule } from './lora-modules';

/**
 * The part of a PEFT adapter (libs/model-runtime `readPeftAdapter`'s LoraAdapter) serving needs: tensors by PEFT
 * name, lora_A.weight [r, in] and lora_B.weight [out, r], and the scale alpha / r.
 */
export interface PeftAdapterWeights {
  config: { r: number; loraAlpha: number };
  weights: ReadonlyMap<string, { shape: readonly number[]; data: Float32Array }>;
}

/** One module's factors in the layout the graph multiplies: a [in, rank], b·(alpha/r) [rank, out]. */
export interface LoraFactors {
  a: Float32Array;
  b: Float32Array;
}

/** `...layers.3.self_attn.q_proj.lora_A.weight` (Llama family) or `...h.3.attn.c_attn.lora_B.weight` (GPT-2). */
const PEFT_TENSOR = /(?:^|\.)(?:layers|h)\.(\d+)\.(.+)\.lora_(A|B)\.weight$/;

/**
 * An adapter converted once, when it loads, into per-module factors for decoder_step_lora, so a decode step only
 * copies them into its batch rows. Modules the adapter does not target have no factors (their rows stay zero).
 */
export class ResidentAdapter {
  private constructor(
    readonly rank: number,
    /** By the module's `a` input name, so any session of the same graph file can use them. */
    readonly factors: ReadonlyMap<string, LoraFactors>,
  ) {}

  /** Throws AdapterMismatchError naming the first tensor that has no module in the graph or the wrong shape. */
  static convert(adapter: PeftAdapterWeights, modules: readonly LoraModule[]): ResidentAdapter {
    const { r, loraAlpha } = adapter.config;
    if (!Number.isInteger(r) || r < 1) throw new AdapterMismatchError('config.r', `must be a positive integer, got ${r}`);
    if (!(Number.isFinite(loraAlpha) && loraAlpha > 0)) {
      throw new AdapterMismatchError('config.lora_alpha', `must be a positive number, got ${loraAlpha}`);
    }
    const scale = loraAlpha / r;
    const factors = new Map<string, Partial<LoraFactors>>();
    for (const [name, tensor] of adapter.weights) {
      const match = PEFT_TENSOR.exec(name);
      if (!match) throw new AdapterMismatchError(name, 'is not a lora_A/lora_B weight of a decoder layer');
      const [, layer, path, side] = match;
      const module = modules.find((m) => m.layer === Number(layer) && (path === m.module || path.endsWith(`.${m.module}`)));
      if (!module) throw new AdapterMismatchError(name, `targets a module the base's LoRA graph has no inputs for`);
      const expected = side === 'A' ? [r, module.inFeatures] : [module.outFeatures, r];
      if (tensor.shape.length !== 2 || tensor.shape[0] !== expected[0] || tensor.shape[1] !== expected[1]) {
        throw new AdapterMismatchError(name, `has shape [${tensor.shape.join(', ')}], expected [${expected.join(', ')}]`);
      }
      const entry = factors.get(module.aInput) ?? {};
      if (side === 'A') entry.a = transpose(tensor.data, r, module.inFeatures, 1);
      else entry.b = transpose(tensor.data, module.outFeatures, r, scale);
      factors.set(module.aInput, entry);
    }
    for (const [input, entry] of factors) {
      if (!entry.a || !entry.b) throw new AdapterMismatchError(input, `has only lora_${entry.a ? 'A' : 'B'} in the adapter`);
    }
    return new ResidentAdapter(r, factors as Map<string, LoraFactors>);
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
