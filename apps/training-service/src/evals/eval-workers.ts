import { createBlockingRedis, PLATFORM_CONFIG, PlatformConfig, ROOT_LOGGER } from '@llmchain/platform';
import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Job, Worker } from 'bullmq';
import type Redis from 'ioredis';
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
  private worker?: Worker<EvalRunRef>;
  private connection?: Redis;

  constructor(
    private readonly run: RunEvalJob,
    @Inject(PLATFORM_CONFIG) private readonly platform: PlatformConfig,
    @Inject(TRAINING_CONFIG) private readonly config: TrainingConfig,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    const lock = this.config.TRAINING_JOB_LOCK_MS;
    this.connection = createBlockingRedis(this.platform.REDIS_URL);
    this.worker = new Worker<EvalRunRef>(QUEUES.evalRun.name, (job: Job<EvalRunRef>) => this.run.execute(job.data, job.attemptsMade + 1 >= (job.opts.attempts ?? 1)), {
      connection: this.connection,
      prefix: this.config.QUEUE_PREFIX,
      concurrency: 1,
      lockDuration: lock,
      stalledInterval: Math.max(1000, Math.floor(lock / 2)),
      maxStalledCount: this.config.TRAINING_MAX_STALLED_RESTARTS,
    });
    this.worker.on('failed', (job, error) => void this.onFailed(job, error));
    this.worker.on('error', (error) => this.logger.error({ err: error, queue: QUEUES.evalRun.name }, 'queue worker error'));
  }

  /** A run whose worker died too often (stalled) must not stay running in Postgres; other failures the job settles itself. */
  private async onFailed(job: Job<EvalRunRef> | undefined, error: Error): Promise<void> {
    this.logger.error({ runId: job?.data.runId, err: error }, 'eval run attempt failed');
    if (job && /stalled/i.test(error.message)) await this.run.failAbandoned(job.data.runId, `gave up after repeated failures: ${error.message}`).catch(() => undefined);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
    await this.connection?.quit().catch(() => this.connection?.disconnect());
  }
}
