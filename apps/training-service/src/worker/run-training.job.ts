import { BLOB_STORE, BlobStore, OutboxWriter, ROOT_LOGGER } from '@llmchain/platform';
import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import { TRAINING_CONFIG, TrainingConfig } from '../config/training-config';
import { DatasetVersionsRepository } from '../datasets/dataset-versions.repository';
import { TrainingJob } from '../generated/prisma/client';
import { trainingJobOutputPrefix } from '../jobs/job-output-prefix';
import { LeaseLost, RunLease } from '../jobs/run-lease';
import { TrainingJobCompletion } from '../jobs/training-job-completion';
import { asTrainingRunJob, isTrainingRunJob, TrainingRunJob } from '../jobs/training-run-job';
import { TERMINAL_STATUSES, TrainingJobsRepository } from '../jobs/training-jobs.repository';
import { ModelsRepository } from '../models/models.repository';
import { TrainingJobRef } from '../queues/queue-names';
import { EarlyStopping, runTrainingJob, TrainingJobError, TrainingJobSpec } from '../runner';
import { ResolvedTrainingSettings } from '../settings';
import { EvalMetric } from '../jobs/training-job.dto';
import { CheckpointEvals } from './checkpoint-evals';
import { JobHooks } from './job-hooks';

/** Which of the queue's attempts at a job this is (1-based) and how many it makes. */
export type RunAttempt = { number: number; of: number };

/**
 * queued → running → succeeded | failed | cancelled. A job picked up again after its worker died resumes from its
 * last recorded checkpoint (the runner asks the hooks for it). An unexpected error before the last attempt is
 * recorded in the job's events and rethrown for BullMQ to retry; a TrainingJobError (the job cannot succeed as given)
 * fails the job at once.
 */
@Injectable()
export class RunTrainingJob {
  constructor(
    private readonly jobs: TrainingJobsRepository,
    private readonly datasets: DatasetVersionsRepository,
    private readonly models: ModelsRepository,
    private readonly completion: TrainingJobCompletion,
    private readonly outbox: OutboxWriter,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    @Inject(TRAINING_CONFIG) private readonly config: TrainingConfig,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
    private readonly checkpointEvals: CheckpointEvals,
  ) {}

  async execute({ jobId }: TrainingJobRef, attempt: RunAttempt): Promise<void> {
    const found = await this.jobs.findById(jobId);
    if (!found || !isTrainingRunJob(found) || TERMINAL_STATUSES.includes(found.status) || found.status === 'validating_files') return;
    if (found.cancelRequested) {
      await this.completion.cancelRunning(found, Number(found.trainedTokens), 0);
      return;
    }
    const lease = new RunLease(found.id, randomUUID(), this.jobs.client);
    const job = asTrainingRunJob(await this.start(found, lease));
    const evalMetric = (job.earlyStopping as { eval?: EvalMetric } | null)?.eval;
    const hooks = new JobHooks(job, this.jobs, this.outbox, lease, evalMetric && ((checkpoint) => this.checkpointEvals.score(job, evalMetric, checkpoint)));
    // The attempt's own scratch directory: a stale attempt on the same machine never removes its successor's files.
    const workDir = path.join(this.config.TRAINING_WORK_DIR, `${job.id}-${lease.token}`);
    try {
      const spec = await this.spec(job, workDir);
      const result = await runTrainingJob(spec, hooks, this.blobs);
      if (result.cancelled) await this.completion.cancelRunning(job, result.trainedTokens, hooks.lastStep, lease);
      else await this.completion.succeed(job, result, spec.settings.tokenizerVocabSize, lease);
    } catch (error) {
      const takenOver = error instanceof LeaseLost || !(await lease.held().catch(() => true)) || !(await this.attemptFailed(job, attempt, error as Error, lease));
      if (takenOver) this.logger.warn({ jobId: job.id, err: error }, 'training attempt taken over by another worker; stopped without writing');
    } finally {
      await rm(workDir, { recursive: true, force: true });
    }
  }

  /**
   * Fails the job (a TrainingJobError, or the last attempt: true) or records the failed attempt in its events and
   * rethrows for BullMQ to retry. False when the attempt turns out to have been taken over meanwhile: both writes hold
   * the lease, so a stale attempt never fails a job another attempt runs, nor adds to its events.
   */
  private async attemptFailed(job: TrainingJob, attempt: RunAttempt, error: Error, lease: RunLease): Promise<boolean> {
    const final = error instanceof TrainingJobError || attempt.number >= attempt.of;
    try {
      if (final) await this.completion.fail((await this.jobs.findById(job.id)) ?? job, error.message, undefined, lease);
      else await this.recordFailedAttempt(job, attempt, error, lease);
    } catch (writeError) {
      if (writeError instanceof LeaseLost) return false;
      if (final) throw writeError;
      // The event never blocks the retry.
      this.logger.warn({ jobId: job.id, err: writeError }, 'could not record the failed attempt');
    }
    if (final) return true;
    this.logger.warn({ jobId: job.id, err: error }, 'training attempt failed; BullMQ retries it');
    throw error;
  }

  /** The tenant sees why the job paused and that it will go on from its checkpoint. */
  private async recordFailedAttempt(job: TrainingJob, attempt: RunAttempt, error: Error, lease: RunLease): Promise<void> {
    // A database error's message begins with the call and its source; its last line is what the database said.
    const reason = error.message.split('\n').filter((line) => line.trim() !== '').pop()?.trim().slice(0, 300) ?? error.name;
    const message = `attempt ${attempt.number} of ${attempt.of} failed (${reason}); retried from the last checkpoint`;
    await lease.transaction((tx) => this.jobs.appendEvent(tx, job.id, { level: 'warning', type: 'attempt_failed', message, data: { attempt: attempt.number, attempts: attempt.of } }));
  }

  /**
   * Marks the job running (the first time) or records that it was picked up again, fixes its tokenizer, and takes the
   * job's lease for this attempt (fencing out any earlier attempt still running somewhere).
   */
  private async start(job: TrainingJob, lease: RunLease): Promise<TrainingJob> {
    const tokenizerId = job.tokenizerId ?? (await this.tokenizerFor(job))?.id ?? null;
    await this.jobs.client.$transaction((tx) =>
      this.jobs.transition(
        tx,
        job.id,
        ['queued', 'running'],
        { status: 'running', startedAt: job.startedAt ?? new Date(), tokenizerId, runLease: lease.token },
        job.status === 'queued'
          ? { level: 'info', type: 'status', message: 'started' }
          : // Read with the lease taken: an earlier attempt's checkpoint is either committed now or fenced out for good.
            async () => {
              const resumedFrom = await this.jobs.latestCheckpoint(job.id, tx);
              return {
                level: 'warning',
                type: 'status',
                message: resumedFrom
                  ? `picked up again (its worker stopped or the attempt failed); resuming from the checkpoint at step ${resumedFrom.step}`
                  : 'picked up again (its worker stopped or the attempt failed) before any checkpoint; starting over',
              };
            },
      ),
    );
    return (await this.jobs.findById(job.id))!;
  }

  /** A fine-tune keeps its base model's tokenizer; other jobs reuse the one already trained on their dataset version. */
  private async tokenizerFor(job: TrainingJob) {
    if (job.datasetVersionId === null) return null;
    if (job.baseModelId) {
      const base = await this.models.findForTenant(job.tenantId, job.baseModelId);
      return base ? this.models.findTokenizer(base.tokenizerId) : null;
    }
    const settings = job.settings as unknown as ResolvedTrainingSettings;
    return this.models.findDatasetTokenizer(job.tenantId, job.datasetVersionId, settings.tokenizerVocabSize);
  }

  private async spec(job: TrainingRunJob, workDir: string): Promise<TrainingJobSpec> {
    const dataset = await this.datasets.findForTenant(job.tenantId, job.datasetVersionId);
    if (!dataset) throw new TrainingJobError('invalid_spec', `dataset version ${job.datasetVersionId} is no longer known`);
    const validation = job.validationDatasetVersionId ? await this.datasets.findForTenant(job.tenantId, job.validationDatasetVersionId) : null;
    if (job.validationDatasetVersionId && !validation) throw new TrainingJobError('invalid_spec', `validation dataset version ${job.validationDatasetVersionId} is no longer known`);
    const tokenizer = job.tokenizerId ? await this.models.findTokenizer(job.tokenizerId) : null;
    const base = job.baseModelId ? await this.models.findForTenant(job.tenantId, job.baseModelId) : null;
    if (job.baseModelId && !base) throw new TrainingJobError('invalid_spec', `base model ${job.baseModelId} is no longer known`);
    return {
      kind: job.kind,
      jobId: job.id,
      tenantId: job.tenantId,
      settings: job.settings as unknown as ResolvedTrainingSettings,
      dataset: { manifestBlobKey: dataset.manifestBlobKey, manifestSha256: dataset.manifestSha256 },
      validation: validation ? { manifestBlobKey: validation.manifestBlobKey, manifestSha256: validation.manifestSha256 } : undefined,
      earlyStopping: (job.earlyStopping as unknown as EarlyStopping | null) ?? undefined,
      // A fine-tune reads its tokenizer from the base model; other jobs reuse the dataset version's, if one was trained.
      tokenizer: tokenizer && !base ? { blobKey: tokenizer.blobKey } : undefined,
      baseModel: base ? { weightsBlobKey: base.weightsBlobKey, tokenizerBlobKey: base.tokenizerBlobKey, name: base.name } : undefined,
      workDir,
      outputPrefix: trainingJobOutputPrefix(job),
    };
  }
}
