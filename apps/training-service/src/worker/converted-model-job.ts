import { ModelImportError } from '@llmchain/model-runtime';
import { BLOB_STORE, BlobStore, OutboxWriter, ROOT_LOGGER } from '@llmchain/platform';
import { Inject, Injectable } from '@nestjs/common';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import { TRAINING_CONFIG, TrainingConfig } from '../config/training-config';
import { TrainingJob } from '../generated/prisma/client';
import { TrainingJobCompletion } from '../jobs/training-job-completion';
import { TERMINAL_STATUSES, TrainingJobsRepository } from '../jobs/training-jobs.repository';
import { TrainingJobRef } from '../queues/queue-names';

/**
 * queued → running → succeeded | failed for a job that converts a model directory and registers the result (an import,
 * a merge): claimed unless finished or cancelled, its work in a directory of its own removed afterwards. Such a job
 * has no checkpoints (converting is repeatable), so a retried attempt starts over. A ModelImportError fails it at once,
 * naming the field; other errors are retried by BullMQ until the last attempt fails the job.
 */
@Injectable()
export abstract class ConvertedModelJob {
  protected abstract readonly kind: 'import' | 'merge';

  constructor(
    protected readonly jobs: TrainingJobsRepository,
    protected readonly completion: TrainingJobCompletion,
    protected readonly outbox: OutboxWriter,
    @Inject(BLOB_STORE) protected readonly blobs: BlobStore,
    @Inject(TRAINING_CONFIG) private readonly config: TrainingConfig,
    @Inject(ROOT_LOGGER) protected readonly logger: Logger,
  ) {}

  /** Converts and registers the running job's model (through completion.succeedRegistering), working in `workDir`. */
  protected abstract convert(job: TrainingJob, workDir: string): Promise<void>;

  async execute({ jobId }: TrainingJobRef, lastAttempt: boolean): Promise<void> {
    const found = await this.jobs.findById(jobId);
    if (!found || found.kind !== this.kind || TERMINAL_STATUSES.includes(found.status)) return;
    if (found.cancelRequested) {
      await this.completion.cancelRunning(found, 0, 0);
      return;
    }
    const job = await this.start(found);
    const workDir = path.join(this.config.TRAINING_WORK_DIR, job.id);
    try {
      await this.convert(job, workDir);
    } catch (error) {
      const current = (await this.jobs.findById(job.id)) ?? job;
      if (error instanceof ModelImportError || lastAttempt) {
        const field = error instanceof ModelImportError ? `${error.field}: ` : '';
        await this.completion.fail(current, `${this.kind} failed: ${field}${(error as Error).message}`, 0);
        return;
      }
      this.logger.warn({ jobId: job.id, err: error }, `${this.kind} attempt failed; BullMQ retries it`);
      throw error;
    } finally {
      await rm(workDir, { recursive: true, force: true });
    }
  }

  private async start(job: TrainingJob): Promise<TrainingJob> {
    await this.jobs.client.$transaction((tx) =>
      this.jobs.transition(tx, job.id, ['queued', 'running'], { status: 'running', startedAt: job.startedAt ?? new Date() }, {
        level: job.status === 'queued' ? 'info' : 'warning',
        type: 'status',
        message: job.status === 'queued' ? `${this.kind} started` : `${this.kind} picked up again (its worker stopped or the attempt failed); starting over`,
      }),
    );
    return (await this.jobs.findById(job.id))!;
  }
}
