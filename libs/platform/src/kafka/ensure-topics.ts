import { ALL_DEAD_LETTER_TOPICS, ALL_TOPICS } from '@llmchain/contracts';
import { Kafka } from 'kafkajs';
import { setTimeout as sleep } from 'node:timers/promises';
import { TopicNamespace } from './topic-namespace';

type TopicSettings = { partitions: number; replicationFactor?: number };

/**
 * Creates every contract topic and its dead-letter twin if missing, and returns once every partition of them has a
 * leader. The broker does not auto-create topics, so a typo in a topic name fails loudly instead of silently making a
 * new one.
 */
export function ensureTopics(kafka: Kafka, namespace: TopicNamespace, settings: TopicSettings): Promise<void> {
  return ensurePhysicalTopics(kafka, [...ALL_TOPICS, ...ALL_DEAD_LETTER_TOPICS].map((t) => namespace.physical(t)), settings);
}

/** Creates the named topics if missing and returns once every partition of them has a leader. */
export async function ensurePhysicalTopics(kafka: Kafka, wanted: string[], settings: TopicSettings): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await createMissingTopics(kafka, wanted, settings);
    } catch (error) {
      // Right after a create the broker can answer a metadata request for the new topic with
      // UNKNOWN_TOPIC_OR_PARTITION (a retriable error kafkajs's waitForLeaders does not retry), and services of one
      // namespace booting together race to create the same topics: the loser can read the winner's topics before
      // their partitions exist. Either way, look again; the same holds for topics listed before their partitions
      // have leaders (see createMissingTopics).
      if (attempt >= CREATE_ATTEMPTS || !isRetriable(error)) throw error;
      await sleep(250 * attempt);
    }
  }
}

const CREATE_ATTEMPTS = 5;

const isRetriable = (error: unknown) => (error as { retriable?: unknown }).retriable === true;

async function createMissingTopics(kafka: Kafka, wanted: string[], { partitions, replicationFactor }: TopicSettings): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = wanted.filter((t) => !existing.has(t));
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => ({ topic, numPartitions: partitions, replicationFactor })),
      });
    }
    // A topic another service of the namespace has just created is listed before its partitions have leaders; a
    // consumer subscribing then dies at boot with UNKNOWN_TOPIC_OR_PARTITION. Its metadata must show every leader.
    const { topics } = await admin.fetchTopicMetadata({ topics: wanted });
    const leaderless = topics.filter((t) => t.partitions.length === 0 || t.partitions.some((p) => p.leader < 0));
    if (leaderless.length > 0) throw Object.assign(new Error(`topics without partition leaders yet: ${leaderless.map((t) => t.name).join(', ')}`), { retriable: true });
  } finally {
    await admin.disconnect();
  }
}
