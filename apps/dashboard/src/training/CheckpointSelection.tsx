import { Link } from 'react-router';
import { TrainingJob } from '../api/training';
import { shortId } from '../components/format';

const METRIC_NAMES = { validation_loss: 'validation set loss', held_out_loss: 'held-out loss', eval_score: 'eval score' } as const;

/**
 * How the job chooses its model: the validation version and early stopping it was given, and once it succeeds, which
 * checkpoint became the model and why (the lowest loss, not necessarily the last step).
 */
export function CheckpointSelection({ job }: { job: TrainingJob }) {
  const selected = job.selectedCheckpoint;
  const stopping = job.earlyStopping;
  if (job.kind === 'tokenizer') return null;
  return (
    <section className="card" aria-labelledby="selection-heading">
      <h2 id="selection-heading">Checkpoint selection</h2>
      <p>
        {job.validationDatasetVersionId ? (
          <>
            Validation set: <Link to={`/datasets/${job.validationDatasetVersionId}`}>dataset version {shortId(job.validationDatasetVersionId)}</Link>, scored whole at every checkpoint.
          </>
        ) : (
          'No validation set: checkpoints are compared on the held-out tail of the training data.'
        )}
      </p>
      <p>
        {stopping
          ? `Early stopping: after ${stopping.patience} checkpoint${stopping.patience === 1 ? '' : 's'} without ${
              stopping.eval ? `the eval's ${stopping.eval.testingCriteria} ${stopping.eval.score === 'mean_score' ? 'mean score' : 'pass rate'} (an eval run on each checkpoint)` : 'the loss'
            } improving by more than ${stopping.minDelta}.`
          : 'No early stopping: the job runs all its steps.'}
      </p>
      {selected ? (
        <p>
          <strong>
            Selected checkpoint: step {selected.step}, {METRIC_NAMES[selected.metric]} {selected.value.toFixed(4)}
          </strong>{' '}
          (best of {selected.checkpoints}).{' '}
          {selected.earlyStoppedAtStep !== null && `Stopped early at step ${selected.earlyStoppedAtStep}. `}
          Why: {selected.reason}.
        </p>
      ) : (
        <p className="muted">The checkpoint registered is chosen when the job succeeds.</p>
      )}
    </section>
  );
}
