import { createRedis, PLATFORM_CONFIG, PlatformConfig } from '@llmchain/platform';
import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import type Redis from 'ioredis';
import { TRAINING_CONFIG, TrainingConfig } from '../config/training-config';
import { IMPORT_JOB_NAME, MERGE_JOB_NAME, QUEUES, TrainingJobRef } from './queue-names';

const RUN_ATTEMPTS = 3;

/** The producer side of training's queues, shared by the API (validate) and the validation worker (run). */
@Injectable()
export class TrainingQueues implements OnApplicationShutdown {
  private readonly connection: Redis;
  readonly validate: Queue<TrainingJobRef>;
  readonly run: Queue<TrainingJobRef>;

  constructor(@Inject(PLATFORM_CONFIG) platform: PlatformConfig, @Inject(TRAINING_CONFIG) private readonly config: TrainingConfig) {
    this.connection = createRedis(platform.REDIS_URL);
    this.validate = new Queue(QUEUES.validate.name, { connection: this.connection, prefix: config.QUEUE_PREFIX });
    this.run = new Queue(QUEUES.run.name, { connection: this.connection, prefix: config.QUEUE_PREFIX });
  }

  async enqueueValidation(ref: TrainingJobRef): Promise<void> {
    await this.validate.add('validate', ref, {
      jobId: ref.jobId,
      attempts: 3,
      backoff: { type: 'exponential', delay: 1000 },
      removeOnComplete: QUEUES.validate.removeOnComplete,
      removeOnFail: QUEUES.validate.removeOnFail,
    });
  }

  /** `waitingAhead`: the tenant's jobs already waiting; with fairness on it becomes the BullMQ priority (1 = first). */
  async enqueueRun(ref: TrainingJobRef, waitingAhead: number): Promise<void> {
    await this.run.add('train', ref, {
      jobId: ref.jobId,
      // A transient failure (a database or blob-store blip) retries the run, which resumes from its last checkpoint.
      attempts: RUN_ATTEMPTS,
      backoff: { type: 'exponential', delay: 5000 },
      priority: this.config.TRAINING_TENANT_FAIRNESS ? Math.min(waitingAhead + 1, 2_000_000) : undefined,
      removeOnComplete: QUEUES.run.removeOnComplete,
      removeOnFail: QUEUES.run.removeOnFail,
    });
  }

  /** Imports run on the training workers' run queue (a real base takes minutes and a worker's memory), first come first served. */
  async enqueueImport(ref: TrainingJobRef): Promise<void> {
    await this.enqueueConversion(IMPORT_JOB_NAME, ref);
  }

  /** Merges run there too: they convert a whole base like an import. */
  async enqueueMerge(ref: TrainingJobRef): Promise<void> {
    await this.enqueueConversion(MERGE_JOB_NAME, ref);
  }

  private async enqueueConversion(name: string, ref: TrainingJobRef): Promise<void> {
    await this.run.add(name, ref, {
      jobId: ref.jobId,
      attempts: RUN_ATTEMPTS,
      backoff: { type: 'exponential', delay: 5000 },
      removeOnComplete: QUEUES.run.removeOnComplete,
      removeOnFail: QUEUES.run.removeOnFail,
    });
  }

  /** Takes a job that has not started off the queues; false when a worker already holds it. */
  async withdraw(jobId: string): Promise<boolean> {
    for (const queue of [this.validate, this.run]) {
      const job = await queue.getJob(jobId);
      if (!job) continue;
      if (await job.isActive()) return false;
      await job.remove().catch(() => undefined);
    }
    return true;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.validate.close(), this.run.close()]);
    await this.connection.quit().catch(() => this.connection.disconnect());
  }
}
