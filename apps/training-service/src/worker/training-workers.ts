import { PLATFORM_CONFIG, PlatformConfig, QueueWorker, ROOT_LOGGER, startQueueWorker } from '@llmchain/platform';
import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Job } from 'bullmq';
import type { Logger } from 'pino';
import { TRAINING_CONFIG, TrainingConfig } from '../config/training-config';
import { TrainingJobCompletion } from '../jobs/training-job-completion';
import { TrainingJobsRepository } from '../jobs/training-jobs.repository';
import { IMPORT_JOB_NAME, MERGE_JOB_NAME, QUEUES, TrainingJobRef } from '../queues/queue-names';
import { RunModelImportJob } from './run-model-import.job';
import { RunModelMergeJob } from './run-model-merge.job';
import { RunTrainingJob } from './run-training.job';
import { ValidateDatasetJob } from './validate-dataset.job';

/**
 * This process's BullMQ workers. They only hand each job to its handler. The run worker's lock lasts
 * TRAINING_JOB_LOCK_MS and is renewed while the job runs; when the process dies the lock lapses, BullMQ's stalled-job
 * check puts the job back, and another worker (or this one restarted) resumes it from its last checkpoint.
 */
@Injectable()
export class TrainingWorkers implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly workers: QueueWorker<TrainingJobRef>[] = [];

  constructor(
    private readonly validate: ValidateDatasetJob,
    private readonly run: RunTrainingJob,
    private readonly runImport: RunModelImportJob,
    private readonly runMerge: RunModelMergeJob,
    private readonly jobs: TrainingJobsRepository,
    private readonly completion: TrainingJobCompletion,
    @Inject(PLATFORM_CONFIG) private readonly platform: PlatformConfig,
    @Inject(TRAINING_CONFIG) private readonly config: TrainingConfig,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    const queues = { redisUrl: this.platform.REDIS_URL, prefix: this.config.QUEUE_PREFIX, logger: this.logger };
    const validate = startQueueWorker<TrainingJobRef>(QUEUES.validate.name, (job) => this.validate.execute(job.data), { ...queues, concurrency: 4 });
    const handle = (job: Job<TrainingJobRef>) =>
      job.name === IMPORT_JOB_NAME
        ? this.runImport.execute(job.data, isLastAttempt(job))
        : job.name === MERGE_JOB_NAME
          ? this.runMerge.execute(job.data, isLastAttempt(job))
          : this.run.execute(job.data, { number: job.attemptsMade + 1, of: job.opts.attempts ?? 1 });
    const run = startQueueWorker<TrainingJobRef>(QUEUES.run.name, handle, {
      ...queues,
      concurrency: this.config.TRAINING_WORKER_CONCURRENCY,
      lockMs: this.config.TRAINING_JOB_LOCK_MS,
      maxStalledCount: this.config.TRAINING_MAX_STALLED_RESTARTS,
    });
    for (const queueWorker of [validate, run]) {
      queueWorker.worker.on('failed', (job, error) => void this.onFailed(job, error));
      this.workers.push(queueWorker);
    }
  }

  /** A job BullMQ gives up on (retries exhausted, or stalled too often) must not stay unfinished in Postgres. */
  private async onFailed(job: Job<TrainingJobRef> | undefined, error: Error): Promise<void> {
    if (!job) return;
    this.logger.error({ jobId: job.data.jobId, err: error }, 'training queue job failed');
    if (!isLastAttempt(job) && !/stalled/i.test(error.message)) return;
    const row = await this.jobs.findById(job.data.jobId).catch(() => null);
    if (row) await this.completion.fail(row, `gave up after repeated failures: ${error.message}`).catch(() => undefined);
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.close()));
  }
}

function isLastAttempt(job: Job): boolean {
  return job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
}
