import { createRedis, PLATFORM_CONFIG, PlatformConfig, QueueWorker, ROOT_LOGGER, startQueueWorker } from '@llmchain/platform';
import { Inject, Injectable, OnApplicationShutdown, OnModuleInit, Optional } from '@nestjs/common';
import { Job, Queue } from 'bullmq';
import type Redis from 'ioredis';
import type { Logger } from 'pino';
import { DATA_SERVICE_CONFIG, DataServiceConfig } from '../config/data-service-config';
import { QUEUES } from '../queues/queue-names';
import { CleanCorpusJob } from './clean-corpus.job';
import { CleanCorpusJobPayload } from './clean-corpus.job-payload';

/** Provided (true) by the cleaning worker process, which takes cleaning jobs whatever CLEANING_IN_SERVICE says. */
export const CLEANING_WORKER_PROCESS = Symbol('CLEANING_WORKER_PROCESS');

/**
 * The cleaning queue and this process's worker on it (in the API process only with CLEANING_IN_SERVICE). The worker
 * only hands each job to {@link CleanCorpusJob}; one job at a time per process, because a run is CPU-bound and memory
 * is sized for one pipeline.
 */
@Injectable()
export class CleaningQueue implements OnModuleInit, OnApplicationShutdown {
  private readonly queue: Queue<CleanCorpusJobPayload>;
  private queueWorker: QueueWorker<CleanCorpusJobPayload> | null = null;
  private readonly redisUrl: string;
  /** The queue adds jobs on request paths (commands time out); the worker has its own connection, which blocks. */
  private readonly connection: Redis;

  constructor(
    private readonly job: CleanCorpusJob,
    @Inject(PLATFORM_CONFIG) platformConfig: PlatformConfig,
    @Inject(DATA_SERVICE_CONFIG) private readonly config: DataServiceConfig,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
    @Optional() @Inject(CLEANING_WORKER_PROCESS) private readonly workerProcess = false,
  ) {
    this.connection = createRedis(platformConfig.REDIS_URL);
    this.queue = new Queue(QUEUES.cleaning.name, { connection: this.connection, prefix: config.QUEUE_PREFIX });
    this.redisUrl = platformConfig.REDIS_URL;
  }

  async enqueue(payload: CleanCorpusJobPayload): Promise<void> {
    await this.queue.add('clean-corpus', payload, {
      jobId: payload.runId,
      attempts: 1,
      removeOnComplete: QUEUES.cleaning.removeOnComplete,
      removeOnFail: QUEUES.cleaning.removeOnFail,
    });
  }

  onModuleInit(): void {
    if (!this.workerProcess && !this.config.CLEANING_IN_SERVICE) return;
    this.queueWorker = startQueueWorker<CleanCorpusJobPayload>(
      QUEUES.cleaning.name,
      (job: Job<CleanCorpusJobPayload>) => this.job.execute(job.data, (fraction) => job.updateProgress(Math.round(fraction * 1000) / 1000)),
      { redisUrl: this.redisUrl, prefix: this.config.QUEUE_PREFIX, concurrency: 1, lockMs: this.config.CLEANING_JOB_LOCK_MS, logger: this.logger },
    );
    this.queueWorker.worker.on('failed', (job, error) => this.logger.error({ runId: job?.data.runId, err: error }, 'cleaning run failed'));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queueWorker?.close();
    await this.queue.close();
    await this.connection.quit().catch(() => this.connection.disconnect());
  }
}
