import { ALL_DEAD_LETTER_TOPICS, ALL_TOPICS } from '@llmchain/contracts';
import { Kafka } from 'kafkajs';
import { TopicNamespace } from './topic-namespace';

/**
 * Creates every contract topic and its dead-letter twin if missing. The broker does not auto-create topics, so a
 * typo in a topic name fails loudly instead of silently making a new one.
 */
export async function ensureTopics(
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
