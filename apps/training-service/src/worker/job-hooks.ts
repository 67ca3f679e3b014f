import { TOPICS } from '@llmchain/contracts';
import { OutboxWriter } from '@llmchain/platform';
import { TrainingJob } from '../generated/prisma/client';
import { RunLease, LeaseLost } from '../jobs/run-lease';
import { TrainingJobsRepository } from '../jobs/training-jobs.repository';
import { CheckpointRecord, TrainingJobHooks, TrainingPhase, TrainingProgress } from '../runner';

/** Cancellation is a row read; between steps, at most this often. */
const CANCEL_POLL_MS = 250;

/**
 * What a running job reports, recorded where its tenant and the platform see it: progress into the job row, its event
 * log (the loss curve) and training.job.progress; checkpoints into their table (where a restarted worker finds the
 * resume point); warnings into the event log. Each report is one transaction that holds the attempt's lease, so an
 * attempt another worker took over records nothing.
 */
export class JobHooks implements TrainingJobHooks {
  private phaseName: TrainingPhase = 'tokenizer';
  private lastCancelPoll = 0;
  private stopRequested = false;
  /** The last step reported, for the cancellation message. */
  lastStep = 0;

  constructor(
    private readonly job: TrainingJob,
    private readonly jobs: TrainingJobsRepository,
    private readonly outbox: OutboxWriter,
    private readonly lease: RunLease,
    /** Runs early stopping's eval on a recorded checkpoint (jobs that stop on an eval metric). */
    private readonly evalScore?: (checkpoint: CheckpointRecord) => Promise<number>,
  ) {}

  scoreCheckpoint(checkpoint: CheckpointRecord): Promise<number> {
    if (!this.evalScore) throw new Error('this job names no eval to score its checkpoints with');
    return this.evalScore(checkpoint);
  }

  async progress(progress: TrainingProgress): Promise<void> {
    this.lastStep = progress.step;
    const snapshot = { phase: this.phaseName, ...progress };
    await this.lease.transaction(async (tx) => {
      await tx.trainingJob.update({
        where: { id: this.job.id },
        data: { progress: snapshot, trainedTokens: BigInt(progress.trainedTokens) },
      });
      await this.jobs.appendEvent(tx, this.job.id, {
        level: 'info',
        type: 'progress',
        message: `step ${progress.step}/${progress.totalSteps}: loss ${progress.loss.toFixed(4)}`,
        data: snapshot,
      });
      await this.outbox.write(tx, [
        {
          topic: TOPICS.trainingJobProgress,
          key: this.job.id,
          data: {
            tenantId: this.job.tenantId,
            jobId: this.job.id,
            phase: this.phaseName,
            step: progress.step,
            totalSteps: progress.totalSteps,
            loss: Number.isFinite(progress.loss) ? progress.loss : null,
            tokensPerSecond: Number.isFinite(progress.tokensPerSecond) ? progress.tokensPerSecond : null,
            etaSeconds: Number.isFinite(progress.etaSeconds) ? progress.etaSeconds : null,
            trainedTokens: progress.trainedTokens,
          },
        },
      ]);
    });
  }

  async checkpoint(checkpoint: CheckpointRecord): Promise<void> {
    this.lastStep = checkpoint.step;
    await this.lease.transaction(async (tx) => {
      // A worker that lost its lock may still finish a step another worker also takes: the first record stands.
      const { count } = await tx.trainingCheckpoint.createMany({
        data: [
          {
            jobId: this.job.id,
            step: checkpoint.step,
            blobKey: checkpoint.blobKey,
            sha256: checkpoint.sha256,
            trainLoss: checkpoint.trainLoss,
            valLoss: checkpoint.valLoss,
            validationLoss: checkpoint.validationLoss,
          },
        ],
        skipDuplicates: true,
      });
      if (count === 0) return;
      await this.jobs.appendEvent(tx, this.job.id, {
        level: 'info',
        type: 'checkpoint',
        message: checkpointMessage(checkpoint),
        // train_loss / valid_loss: the names OpenAI's fine-tuning metrics events use.
        data: {
          step: checkpoint.step,
          trainLoss: checkpoint.trainLoss,
          valLoss: checkpoint.valLoss,
          validationLoss: checkpoint.validationLoss,
          train_loss: checkpoint.trainLoss,
          valid_loss: checkpoint.validationLoss ?? checkpoint.valLoss,
        },
      });
    });
  }

  async latestCheckpoint(): Promise<{ step: number; blobKey: string } | null> {
    const latest = await this.jobs.latestCheckpoint(this.job.id);
    return latest ? { step: latest.step, blobKey: latest.blobKey } : null;
  }

  async recordedCheckpoints(): Promise<CheckpointRecord[]> {
    const rows = await this.jobs.checkpoints(this.job.id);
    return rows.map((row) => ({
      step: row.step,
      trainLoss: row.trainLoss,
      valLoss: row.valLoss ?? Number.NaN,
      validationLoss: row.validationLoss,
      evalScore: row.evalScore,
      blobKey: row.blobKey,
      sha256: row.sha256,
    }));
  }

  async shouldStop(): Promise<boolean> {
    if (this.stopRequested || Date.now() - this.lastCancelPoll < CANCEL_POLL_MS) return this.stopRequested;
    this.lastCancelPoll = Date.now();
    const row = await this.jobs.client.trainingJob.findUnique({ where: { id: this.job.id }, select: { cancelRequested: true, runLease: true } });
    if (row && row.runLease !== this.lease.token) throw new LeaseLost(this.job.id);
    this.stopRequested = row?.cancelRequested ?? true;
    return this.stopRequested;
  }

  beforeWrite(): Promise<void> {
    return this.lease.confirm();
  }

  async warn(message: string): Promise<void> {
    await this.lease.transaction(async (tx) => {
      await this.jobs.appendEvent(tx, this.job.id, { level: 'warning', type: 'warning', message });
    });
  }

  async phase(name: TrainingPhase): Promise<void> {
    this.phaseName = name;
    await this.lease.transaction(async (tx) => {
      await this.jobs.appendEvent(tx, this.job.id, { level: 'info', type: 'phase', message: `phase: ${name}`, data: { phase: name } });
    });
  }
}

function checkpointMessage(checkpoint: CheckpointRecord): string {
  const validation = checkpoint.validationLoss === null ? '' : `, validation set loss ${checkpoint.validationLoss.toFixed(4)}`;
  return `checkpoint at step ${checkpoint.step}: train loss ${checkpoint.trainLoss.toFixed(4)}, held-out loss ${checkpoint.valLoss.toFixed(4)}${validation}`;
}
