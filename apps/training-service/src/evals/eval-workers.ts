import { PLATFORM_CONFIG, PlatformConfig, QueueWorker, ROOT_LOGGER, startQueueWorker } from '@llmchain/platform';
import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Job } from 'bullmq';
import type { Logger } from 'pino';
import { TRAINING_CONFIG, TrainingConfig } from '../config/training-config';
import { QUEUES } from '../queues/queue-names';
import { EvalRunRef } from './eval-run-queue';
import { RunEvalJob } from './run-eval.job';

/**
 * This process's eval-run worker: one run at a time (grading is CPU-bound like training), handed to RunEvalJob. Its
 * lock is renewed while a run goes on; a worker that dies loses the run to another, which continues after the last
 * item recorded.
 */
@Injectable()
export class EvalWorkers implements OnApplicationBootstrap, OnApplicationShutdown {
  private queueWorker?: QueueWorker<EvalRunRef>;

  constructor(
    private readonly run: RunEvalJob,
    @Inject(PLATFORM_CONFIG) private readonly platform: PlatformConfig,
    @Inject(TRAINING_CONFIG) private readonly config: TrainingConfig,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.queueWorker = startQueueWorker<EvalRunRef>(QUEUES.evalRun.name, (job: Job<EvalRunRef>) => this.run.execute(job.data, job.attemptsMade + 1 >= (job.opts.attempts ?? 1)), {
      redisUrl: this.platform.REDIS_URL,
      prefix: this.config.QUEUE_PREFIX,
      concurrency: 1,
      lockMs: this.config.TRAINING_JOB_LOCK_MS,
      maxStalledCount: this.config.TRAINING_MAX_STALLED_RESTARTS,
      logger: this.logger,
    });
    this.queueWorker.worker.on('failed', (job, error) => void this.onFailed(job, error));
  }

  /** A run whose worker died too often (stalled) must not stay running in Postgres; other failures the job settles itself. */
  private async onFailed(job: Job<EvalRunRef> | undefined, error: Error): Promise<void> {
    this.logger.error({ runId: job?.data.runId, err: error }, 'eval run attempt failed');
    if (job && /stalled/i.test(error.message)) await this.run.failAbandoned(job.data.runId, `gave up after repeated failures: ${error.message}`).catch(() => undefined);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queueWorker?.close();
  }
}
