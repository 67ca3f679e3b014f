import { CheckpointRecord, EarlyStopping, SelectedCheckpoint } from './training-job';

type Metric = SelectedCheckpoint['metric'];

const METRIC_NAMES: Record<Exclude<Metric, 'eval_score'>, string> = { validation_loss: 'validation loss', held_out_loss: 'held-out loss' };

/**
 * Follows a job's checkpoints in step order and keeps the best by one metric: an eval's score of each checkpoint
 * when early stopping names one (higher is better), else the validation dataset's loss when the job has one, else
 * the held-out loss (lower is better). With early stopping, a checkpoint improves only when it
 * beats the best by more than minDelta, and `patience` checkpoints in a row without improvement end training. Fed the
 * recorded checkpoints again after a restart, it reaches the same state: nothing lives only in memory.
 */
export class CheckpointSelection {
  private best: CheckpointRecord | null = null;
  /** The value the last improvement by more than minDelta reached: what patience counts from (as Keras' EarlyStopping). */
  private reference = Infinity;
  private seen = 0;
  private sinceImprovement = 0;
  private stoppedAt: number | null = null;

  constructor(
    readonly metric: Metric,
    private readonly earlyStopping?: EarlyStopping,
  ) {}

  static forJob(hasValidationSet: boolean, earlyStopping?: EarlyStopping): CheckpointSelection {
    if (earlyStopping?.eval) return new CheckpointSelection('eval_score', earlyStopping);
    return new CheckpointSelection(hasValidationSet ? 'validation_loss' : 'held_out_loss', earlyStopping);
  }

  private get metricName(): string {
    const scored = this.earlyStopping?.eval;
    if (this.metric !== 'eval_score' || !scored) return METRIC_NAMES[this.metric as Exclude<Metric, 'eval_score'>];
    return `${scored.testingCriteria} ${scored.score === 'pass_rate' ? 'pass rate' : 'mean score'}`;
  }

  valueOf(checkpoint: CheckpointRecord): number {
    const value = this.metric === 'eval_score' ? checkpoint.evalScore : this.metric === 'validation_loss' ? checkpoint.validationLoss : checkpoint.valLoss;
    if (value === null || value === undefined || !Number.isFinite(value)) throw new Error(`checkpoint at step ${checkpoint.step} has no finite ${this.metricName}`);
    return value;
  }

  /** The value compared, lower is better: a score is negated. */
  private cost(checkpoint: CheckpointRecord): number {
    return this.metric === 'eval_score' ? -this.valueOf(checkpoint) : this.valueOf(checkpoint);
  }

  observe(checkpoint: CheckpointRecord): void {
    const value = this.cost(checkpoint);
    this.seen++;
    // A gain within minDelta still makes a better model to register; it just does not count as progress.
    if (this.best === null || value < this.cost(this.best)) this.best = checkpoint;
    if (value < this.reference - (this.earlyStopping?.minDelta ?? 0)) {
      this.reference = value;
      this.sinceImprovement = 0;
      return;
    }
    this.sinceImprovement++;
    if (this.earlyStopping && this.sinceImprovement >= this.earlyStopping.patience) this.stoppedAt ??= checkpoint.step;
  }

  get shouldStop(): boolean {
    return this.stoppedAt !== null;
  }

  get bestCheckpoint(): CheckpointRecord | null {
    return this.best;
  }

  selected(): SelectedCheckpoint {
    const best = this.best;
    if (!best) throw new Error('no checkpoint was recorded to select from');
    const name = this.metricName;
    const value = this.valueOf(best);
    const stopped = this.stoppedAt === null
      ? ''
      : `; training stopped early after step ${this.stoppedAt}: ${name} did not improve by more than ${this.earlyStopping!.minDelta} for ${this.earlyStopping!.patience} checkpoints`;
    return {
      step: best.step,
      metric: this.metric,
      value,
      checkpoints: this.seen,
      earlyStoppedAtStep: this.stoppedAt,
      reason: `the checkpoint at step ${best.step} has the ${this.metric === 'eval_score' ? 'highest' : 'lowest'} ${name} (${value.toFixed(4)}) of the ${this.seen} checkpoints${stopped}`,
    };
  }
}
