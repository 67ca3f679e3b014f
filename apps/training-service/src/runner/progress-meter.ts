import { TrainingProgress } from './training-job';

export const PROGRESS_INTERVAL_MS = 1000;

/**
 * Turns steps into progress reports, at most one per interval plus the last step: tokens per second over the steps
 * since the previous report, and the time the remaining steps take at that rate.
 */
export class ProgressMeter {
  private lastTime: number;
  private lastStep: number;

  constructor(
    private readonly totalSteps: number,
    private readonly tokensPerStep: number,
    startStep: number,
    private readonly report: (progress: TrainingProgress) => Promise<void>,
    private readonly now: () => number = () => performance.now(),
    private readonly intervalMs = PROGRESS_INTERVAL_MS,
  ) {
    this.lastTime = now();
    this.lastStep = startStep;
  }

  /** Starts the rate's window afresh at `step`: time spent outside steps (checkpoints) is not training speed. */
  restartWindow(step: number): void {
    this.lastTime = this.now();
    this.lastStep = step;
  }

  async stepDone(step: number, loss: number): Promise<void> {
    const time = this.now();
    const elapsedMs = time - this.lastTime;
    if (elapsedMs < this.intervalMs && step < this.totalSteps) return;
    const tokensPerSecond = ((step - this.lastStep) * this.tokensPerStep * 1000) / Math.max(elapsedMs, 1e-3);
    this.lastTime = time;
    this.lastStep = step;
    await this.report({
      step,
      totalSteps: this.totalSteps,
      loss,
      tokensPerSecond,
      etaSeconds: tokensPerSecond > 0 ? ((this.totalSteps - step) * this.tokensPerStep) / tokensPerSecond : 0,
      trainedTokens: step * this.tokensPerStep,
    });
  }
}
