import { createRedis, PLATFORM_CONFIG, PlatformConfig, QueueWorker, ROOT_LOGGER, startQueueWorker } from '@llmchain/platform';
import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Job, Queue } from 'bullmq';
import type Redis from 'ioredis';
import type { Logger } from 'pino';
import { DATA_SERVICE_CONFIG, DataServiceConfig } from '../../config/data-service-config';
import { QUEUES } from '../../queues/queue-names';
import { CrawlJob } from './crawl.job';
import { CrawlJobPayload } from './crawl.job-payload';

/** Crawls a process runs at once: they wait on the network and on politeness delays, not on the CPU. */
const CRAWLS_PER_PROCESS = 2;

/** The crawl queue and this process's worker on it; the worker only hands each job to {@link CrawlJob}. */
@Injectable()
export class CrawlQueue implements OnModuleInit, OnApplicationShutdown {
  private readonly queue: Queue<CrawlJobPayload>;
  private queueWorker: QueueWorker<CrawlJobPayload> | null = null;
  private readonly connection: Redis;

  constructor(
    private readonly job: CrawlJob,
    @Inject(PLATFORM_CONFIG) private readonly platformConfig: PlatformConfig,
    @Inject(DATA_SERVICE_CONFIG) private readonly config: DataServiceConfig,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
  ) {
    this.connection = createRedis(platformConfig.REDIS_URL);
    this.queue = new Queue(QUEUES.crawl.name, { connection: this.connection, prefix: config.QUEUE_PREFIX });
  }

  async enqueue(payload: CrawlJobPayload): Promise<void> {
    await this.queue.add('crawl', payload, {
      jobId: payload.runId,
      attempts: 1,
      removeOnComplete: QUEUES.crawl.removeOnComplete,
      removeOnFail: QUEUES.crawl.removeOnFail,
    });
  }

  onModuleInit(): void {
    this.queueWorker = startQueueWorker<CrawlJobPayload>(QUEUES.crawl.name, (job: Job<CrawlJobPayload>) => this.job.execute(job.data), {
      redisUrl: this.platformConfig.REDIS_URL,
      prefix: this.config.QUEUE_PREFIX,
      concurrency: CRAWLS_PER_PROCESS,
      logger: this.logger,
    });
    this.queueWorker.worker.on('failed', (job, error) => this.logger.error({ runId: job?.data.runId, err: error }, 'crawl failed'));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queueWorker?.close();
    await this.queue.close();
    await this.connection.quit().catch(() => this.connection.disconnect());
  }
}
