import { createRedis, PLATFORM_CONFIG, PlatformConfig } from '@llmchain/platform';
import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import type Redis from 'ioredis';
import { TRAINING_CONFIG, TrainingConfig } from '../config/training-config';
import { QUEUES } from '../queues/queue-names';

/** What the eval-run queue carries: the run's id (also the BullMQ job id, so a run is never queued twice). */
export type EvalRunRef = { runId: string };

/** The producer side of the eval-run queue: the API enqueues and withdraws runs; the workers take them. */
@Injectable()
export class EvalRunQueue implements OnApplicationShutdown {
  private readonly connection: Redis;
  readonly queue: Queue<EvalRunRef>;

  constructor(@Inject(PLATFORM_CONFIG) platform: PlatformConfig, @Inject(TRAINING_CONFIG) config: TrainingConfig) {
    this.connection = createRedis(platform.REDIS_URL);
    this.queue = new Queue(QUEUES.evalRun.name, { connection: this.connection, prefix: config.QUEUE_PREFIX });
  }

  async enqueue(ref: EvalRunRef): Promise<void> {
    await this.queue.add('eval-run', ref, {
      jobId: ref.runId,
      // A transient failure (database, blob store) retries the run, which continues after the last item it recorded.
      attempts: 3,
      backoff: { type: 'exponential', delay: 2000 },
      removeOnComplete: QUEUES.evalRun.removeOnComplete,
      removeOnFail: QUEUES.evalRun.removeOnFail,
    });
  }

  /** Takes a run that has not started off the queue; false when a worker already holds it. */
  async withdraw(runId: string): Promise<boolean> {
    const job = await this.queue.getJob(runId);
    if (!job) return true;
    if (await job.isActive()) return false;
    await job.remove().catch(() => undefined);
    return true;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue.close();
    await this.connection.quit().catch(() => this.connection.disconnect());
  }
}
