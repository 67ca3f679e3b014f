import { TrainingProgress } from './training-job';

export const PROGRESS_INTERVAL_MS = 1000;

/**
 * Turns steps into progress reports, at most one per interval plus the last step: tokens per second over the steps
 * since the previous report, and the time the remaining steps take at that rate.
 */
export class ProgressMeter {
  /** Where the tokens/s window starts. */
  private windowTime: number;
  private windowStep: number;
  /** When the last report went out: reports keep their pace whatever restarts the window. */
  private lastReport: number;
  private reportedStep = -1;

  constructor(
    private readonly totalSteps: number,
    private readonly tokensPerStep: number,
    startStep: number,
    private readonly report: (progress: TrainingProgress) => Promise<void>,
    private readonly now: () => number = () => performance.now(),
    private readonly intervalMs = PROGRESS_INTERVAL_MS,
  ) {
    this.windowTime = now();
    this.windowStep = startStep;
    this.lastReport = this.windowTime;
  }

  /** Starts the rate's window afresh at `step`: time spent outside steps (checkpoints) is not training speed. */
  restartWindow(step: number): void {
    this.windowTime = this.now();
    this.windowStep = step;
  }

  /** `last`: training ends at this step before totalSteps (early stopping), so it is reported whatever the pace. */
  async stepDone(step: number, loss: number, last = false): Promise<void> {
    const time = this.now();
    if (step === this.reportedStep || (time - this.lastReport < this.intervalMs && step < this.totalSteps && !last)) return;
    const tokensPerSecond = ((step - this.windowStep) * this.tokensPerStep * 1000) / Math.max(time - this.windowTime, 1e-3);
    this.lastReport = time;
    this.reportedStep = step;
    this.windowTime = time;
    this.windowStep = step;
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
