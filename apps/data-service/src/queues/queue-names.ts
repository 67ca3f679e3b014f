/**
 * Every BullMQ queue data-service uses, in one table: the name, and how many finished jobs Redis keeps (jobs hold
 * only ids; the outcome lives in Postgres, so a short tail for inspection is enough).
 */
export const QUEUES = {
  cleaning: { name: 'data.cleaning', removeOnComplete: { count: 100 }, removeOnFail: { count: 500 } },
  // A sharded cleaning run's jobs: per-shard stages, dedup partitions (and the step that starts them), the merge.
  cleaningShards: { name: 'data.cleaning-shards', removeOnComplete: { count: 1000 }, removeOnFail: { count: 500 } },
  cleaningDedup: { name: 'data.cleaning-dedup', removeOnComplete: { count: 1000 }, removeOnFail: { count: 500 } },
  cleaningMerge: { name: 'data.cleaning-merge', removeOnComplete: { count: 100 }, removeOnFail: { count: 500 } },
  crawl: { name: 'data.crawl', removeOnComplete: { count: 100 }, removeOnFail: { count: 500 } },
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES]['name'];
