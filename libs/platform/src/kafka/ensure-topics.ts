import { ALL_DEAD_LETTER_TOPICS, ALL_TOPICS } from '@llmchain/contracts';
import { Kafka } from 'kafkajs';
import { setTimeout as sleep } from 'node:timers/promises';
import { TopicNamespace } from './topic-namespace';

/**
 * Creates every contract topic and its dead-letter twin if missing. The broker does not auto-create topics, so a
 * typo in a topic name fails loudly instead of silently making a new one.
 */
export async function ensureTopics(
  kafka: Kafka,
  namespace: TopicNamespace,
  settings: { partitions: number; replicationFactor: number },
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await createMissingTopics(kafka, namespace, settings);
    } catch (error) {
      // Services of one namespace booting together race to create the same topics: the loser can read the winner's
      // topics before their partitions exist (UNKNOWN_TOPIC_OR_PARTITION, a retriable error) and must look again.
      if (attempt >= CREATE_ATTEMPTS || !isRetriable(error)) throw error;
      await sleep(250 * attempt);
    }
  }
}

const CREATE_ATTEMPTS = 5;

const isRetriable = (error: unknown) => (error as { retriable?: unknown }).retriable === true;

async function createMissingTopics(
  kafka: Kafka,
  namespace: TopicNamespace,
  { partitions, replicationFactor }: { partitions: number; replicationFactor: number },
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const wanted = [...ALL_TOPICS, ...ALL_DEAD_LETTER_TOPICS].map((t) => namespace.physical(t));
    const missing = wanted.filter((t) => !existing.has(t));
    if (missing.length === 0) return;
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((topic) => ({ topic, numPartitions: partitions, replicationFactor })),
    });
  } finally {
    await admin.disconnect();
  }
}
