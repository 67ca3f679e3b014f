import { CheckpointRecord, TrainingJobHooks, TrainingPhase, TrainingProgress } from '../training-job';

/**
 * Hooks that keep what the runner reports, as the worker's database would: latestCheckpoint returns the last
 * recorded checkpoint (or a given one). `stopWhen` decides cancellation from what has been recorded so far.
 */
export class RecordingHooks implements TrainingJobHooks {
  readonly progressReports: TrainingProgress[] = [];
  readonly checkpoints: CheckpointRecord[] = [];
  readonly warnings: string[] = [];
  readonly phases: TrainingPhase[] = [];
  stopChecks = 0;

  constructor(
    private readonly options: {
      stopWhen?: (hooks: RecordingHooks) => boolean;
      resumeFrom?: CheckpointRecord[];
    } = {},
  ) {
    this.checkpoints.push(...(options.resumeFrom ?? []));
  }

  async progress(progress: TrainingProgress): Promise<void> {
    this.progressReports.push(progress);
  }

  async checkpoint(checkpoint: CheckpointRecord): Promise<void> {
    this.checkpoints.push(checkpoint);
  }

  async latestCheckpoint(): Promise<{ step: number; blobKey: string } | null> {
    const last = this.checkpoints[this.checkpoints.length - 1];
    return last ? { step: last.step, blobKey: last.blobKey } : null;
  }

  async recordedCheckpoints(): Promise<CheckpointRecord[]> {
    return [...this.checkpoints];
  }

  async shouldStop(): Promise<boolean> {
    this.stopChecks++;
    return this.options.stopWhen?.(this) ?? false;
  }

  async warn(message: string): Promise<void> {
    this.warnings.push(message);
  }

  async phase(name: TrainingPhase): Promise<void> {
    this.phases.push(name);
  }
}
