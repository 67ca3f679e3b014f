// Its own file, free of runtime imports, so the dashboard can import the job's wire type.
/** Which checkpoint became the job's model, and why. */
export interface SelectedCheckpoint {
  step: number;
  metric: 'validation_loss' | 'held_out_loss' | 'eval_score';
  value: number;
  /** Checkpoints compared. */
  checkpoints: number;
  /** The step training stopped at because the metric stopped improving; null when it ran all its steps. */
  earlyStoppedAtStep: number | null;
  reason: string;
}
