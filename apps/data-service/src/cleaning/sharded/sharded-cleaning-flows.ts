import { createRedis, PLATFORM_CONFIG, PlatformConfig } from '@llmchain/platform';
import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { FlowProducer } from 'bullmq';
import type Redis from 'ioredis';
import { DATA_SERVICE_CONFIG, DataServiceConfig } from '../../config/data-service-config';
import { QUEUES } from '../../queues/queue-names';
import { CleanShardJob, DedupPartitionJob, shardedJobIds, ShardedRunJob } from './sharded-cleaning-jobs';

/**
 * Adds a sharded run's jobs as BullMQ flows, whose parent runs once all its children completed: the shards under a
 * plan step, then (from the plan step) the dedup partitions under the merge. A child that fails for good fails its
 * parent, so a run never merges with a shard missing.
 */
@Injectable()
export class ShardedCleaningFlows implements OnApplicationShutdown {
  private readonly connection: Redis;
  private readonly flows: FlowProducer;

  constructor(
    @Inject(PLATFORM_CONFIG) platformConfig: PlatformConfig,
    @Inject(DATA_SERVICE_CONFIG) config: DataServiceConfig,
  ) {
    this.connection = createRedis(platformConfig.REDIS_URL);
    this.flows = new FlowProducer({ connection: this.connection, prefix: config.QUEUE_PREFIX });
  }

  /** `shardBytes[i]`: the stored bytes shard i came from. */
  async addShards(run: ShardedRunJob, shardBytes: number[]): Promise<void> {
    await this.flows.add({
      name: 'dedup-plan',
      queueName: QUEUES.cleaningDedup.name,
      data: run,
      opts: { jobId: shardedJobIds.plan(run.runId), ...retention(QUEUES.cleaningDedup) },
      children: shardBytes.map((bytes, shard) => ({
        name: 'clean-shard',
        queueName: QUEUES.cleaningShards.name,
        data: { ...run, shard, bytes } satisfies CleanShardJob,
        opts: { jobId: shardedJobIds.shard(run.runId, shard), failParentOnFailure: true, ...retention(QUEUES.cleaningShards) },
      })),
    });
  }

  async addPartitions(run: ShardedRunJob): Promise<void> {
    await this.flows.add({
      name: 'merge',
      queueName: QUEUES.cleaningMerge.name,
      data: run,
      opts: { jobId: shardedJobIds.merge(run.runId), ...retention(QUEUES.cleaningMerge) },
      children: Array.from({ length: run.partitions }, (_, partition) => ({
        name: 'dedup-partition',
        queueName: QUEUES.cleaningDedup.name,
        data: { ...run, partition } satisfies DedupPartitionJob,
        opts: { jobId: shardedJobIds.partition(run.runId, partition), failParentOnFailure: true, ...retention(QUEUES.cleaningDedup) },
      })),
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.flows.close();
    await this.connection.quit().catch(() => this.connection.disconnect());
  }
}

function retention(queue: { removeOnComplete: { count: number }; removeOnFail: { count: number } }) {
  return { removeOnComplete: queue.removeOnComplete, removeOnFail: queue.removeOnFail };
}
