/**
 * Every BullMQ queue data-service uses, in one table: the name, and how many finished jobs Redis keeps (jobs hold
 * only ids; the outcome lives in Postgres, so a short tail for inspection is enough).
 */
export const QUEUES = {
  cleaning: { name: 'data.cleaning', removeOnComplete: { count: 100 }, removeOnFail: { count: 500 } },
  crawl: { name: 'data.crawl', removeOnComplete: { count: 100 }, removeOnFail: { count: 500 } },
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES]['name'];
