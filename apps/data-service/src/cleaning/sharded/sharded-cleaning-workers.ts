import { PLATFORM_CONFIG, PlatformConfig, QueueWorker, ROOT_LOGGER, startQueueWorker } from '@llmchain/platform';
import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Job } from 'bullmq';
import type { Logger } from 'pino';
import { DATA_SERVICE_CONFIG, DataServiceConfig } from '../../config/data-service-config';
import { QUEUES } from '../../queues/queue-names';
import { CleanShardJobHandler } from './clean-shard.job';
import { DedupPartitionJobHandler } from './dedup-partition.job';
import { MergeShardsJobHandler } from './merge-shards.job';
import { ShardedCleaningFlows } from './sharded-cleaning-flows';
import { CleanShardJob, DedupPartitionJob, ShardedRunJob } from './sharded-cleaning-jobs';
import { ShardedRunFailure } from './sharded-run-failure';

/**
 * A cleaning worker process's workers on the sharded-run queues, one job at a time each (a shard's stages already use
 * CLEANING_WORKERS threads). A worker that dies mid-job loses its lock after CLEANING_JOB_LOCK_MS and BullMQ hands
 * the job to another process; a job that fails for good fails its run.
 */
@Injectable()
export class ShardedCleaningWorkers implements OnModuleInit, OnApplicationShutdown {
  private readonly workers: Pick<QueueWorker<ShardedRunJob>, 'close'>[] = [];

  constructor(
    private readonly shards: CleanShardJobHandler,
    private readonly partitions: DedupPartitionJobHandler,
    private readonly merge: MergeShardsJobHandler,
    private readonly flows: ShardedCleaningFlows,
    private readonly failure: ShardedRunFailure,
    @Inject(PLATFORM_CONFIG) private readonly platformConfig: PlatformConfig,
    @Inject(DATA_SERVICE_CONFIG) private readonly config: DataServiceConfig,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    this.start(QUEUES.cleaningShards.name, (job: Job<CleanShardJob>) => this.shards.execute(job.data));
    this.start(QUEUES.cleaningDedup.name, (job: Job<ShardedRunJob | DedupPartitionJob>) =>
      'partition' in job.data ? this.partitions.execute(job.data) : this.flows.addPartitions(job.data),
    );
    this.start(QUEUES.cleaningMerge.name, (job: Job<ShardedRunJob>) => this.merge.execute(job.data));
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.close()));
  }

  private start<T extends ShardedRunJob>(queue: string, handle: (job: Job<T>) => Promise<void>): void {
    const queueWorker = startQueueWorker<T>(queue, handle, {
      redisUrl: this.platformConfig.REDIS_URL,
      prefix: this.config.QUEUE_PREFIX,
      concurrency: 1,
      lockMs: this.config.CLEANING_JOB_LOCK_MS,
      // A job whose worker died is redone by another; past a few deaths it is a document that kills workers.
      maxStalledCount: 3,
      logger: this.logger,
    });
    queueWorker.worker.on('failed', (job, error) => {
      if (!job || job.attemptsMade < (job.opts.attempts ?? 1)) return;
      this.logger.error({ runId: job.data.runId, job: job.name, err: error }, 'sharded cleaning job failed');
      void this.failure.fail(job.data.runId, job.data.tenantId, error).catch((err: Error) => this.logger.error({ err }, 'could not mark the run failed'));
    });
    this.workers.push(queueWorker);
  }
}
