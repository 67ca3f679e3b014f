/** Linear warmup to `maxLr`, then cosine decay to `minLr` at `decaySteps`, constant after (nanoGPT's get_lr). */
export interface LrSchedule {
  maxLr: number;
  minLr: number;
  warmupSteps: number;
  decaySteps: number;
}

/** Learning rate for optimizer step `step` (0-based: the first update uses step 0). */
export function learningRateAt(schedule: LrSchedule, step: number): number {
  const { maxLr, minLr, warmupSteps, decaySteps } = schedule;
  if (step < warmupSteps) return (maxLr * (step + 1)) / (warmupSteps + 1);
  if (step >= decaySteps) return minLr;
  const progress = (step - warmupSteps) / Math.max(1, decaySteps - warmupSteps);
  return minLr + 0.5 * (1 + Math.cos(Math.PI * progress)) * (maxLr - minLr);
}
