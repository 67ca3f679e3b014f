import * as ort from 'onnxruntime-node';
import { LoraModule } from './lora-modules';
import { ResidentAdapter } from './resident-adapter';

/**
 * The last batch's LoRA inputs, reused while its rows keep their adapters: consecutive decode steps of one batch
 * (the common case) then copy no factors at all, where building them copies rank·(in + out) floats per row and module.
 */
export class LoraFeedCache {
  private last?: { rows: readonly (ResidentAdapter | undefined)[]; feeds: Record<string, ort.Tensor> };

  constructor(private readonly modules: readonly LoraModule[]) {}

  feeds(rows: readonly (ResidentAdapter | undefined)[]): Record<string, ort.Tensor> {
    const last = this.last;
    if (last && last.rows.length === rows.length && last.rows.every((adapter, row) => adapter === rows[row])) return last.feeds;
    const feeds = loraFeeds(this.modules, rows);
    this.last = { rows: [...rows], feeds };
    return feeds;
  }
}

/**
 * decoder_step's LoRA inputs for one batch, row by row (S-LoRA / Punica style: rows of different adapters share
 * the run, each multiplied by its own factors). The batch's rank is its largest adapter's; smaller ones are
 * zero-padded, and rows without an adapter (or whose adapter skips a module) stay zero, which adds nothing. A batch
 * without any adapter has rank 0: empty inputs, on which the graph skips the updates (lora-linear.ts).
 */
export function loraFeeds(modules: readonly LoraModule[], rows: readonly (ResidentAdapter | undefined)[]): Record<string, ort.Tensor> {
  const batch = rows.length;
  const rank = Math.max(0, ...rows.map((adapter) => adapter?.rank ?? 0));
  const feeds: Record<string, ort.Tensor> = {};
  for (const module of modules) {
    const { inFeatures, outFeatures } = module;
    const a = new Float32Array(batch * inFeatures * rank);
    const b = new Float32Array(batch * rank * outFeatures);
    rows.forEach((adapter, row) => {
      const factors = adapter?.factors.get(module.aInput);
      if (!adapter || !factors) return;
      const r = adapter.rank;
      const aRow = row * inFeatures * rank;
      if (r === rank) a.set(factors.a, aRow);
      else for (let i = 0; i < inFeatures; i++) a.set(factors.a.subarray(i * r, (i + 1) * r), aRow + i * rank);
      // b's first r of `rank` rows: contiguous either way.
      b.set(factors.b, row * rank * outFeatures);
    });
    feeds[module.aInput] = new ort.Tensor('float32', a, [batch, inFeatures, rank]);
    feeds[module.bInput] = new ort.Tensor('float32', b, [batch, rank, outFeatures]);
  }
  return feeds;
}
