/**
 * What a cleaning worker is doing, in memory shared with the main thread: the batch and index of the document it is
 * on, whether it is on one, and since when (epoch milliseconds). The main thread reads it to enforce the per-document
 * time budget without a message round trip, which a worker stuck in one document could not answer.
 */
export const PROGRESS = { batch: 0, index: 1, busy: 2 } as const;

export class WorkerProgress {
  readonly slots = new Int32Array(new SharedArrayBuffer(3 * Int32Array.BYTES_PER_ELEMENT));
  readonly startedAt = new Float64Array(new SharedArrayBuffer(Float64Array.BYTES_PER_ELEMENT));

  /** The document the worker has been on for longer than `budgetMs`, if any. */
  overBudget(budgetMs: number, now = Date.now()): { batch: number; index: number; ms: number } | null {
    if (Atomics.load(this.slots, PROGRESS.busy) !== 1) return null;
    const ms = now - this.startedAt[0];
    if (ms <= budgetMs) return null;
    return { batch: Atomics.load(this.slots, PROGRESS.batch), index: Atomics.load(this.slots, PROGRESS.index), ms: Math.round(ms) };
  }
}

/** The worker's side: marks the start and end of each document. */
export function markDocument(slots: Int32Array, startedAt: Float64Array, batch: number, index: number): void {
  Atomics.store(slots, PROGRESS.busy, 0);
  startedAt[0] = Date.now();
  Atomics.store(slots, PROGRESS.batch, batch);
  Atomics.store(slots, PROGRESS.index, index);
  Atomics.store(slots, PROGRESS.busy, 1);
}

export function markIdle(slots: Int32Array): void {
  Atomics.store(slots, PROGRESS.busy, 0);
}
