import { randomBytes } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { infraEnv } from './infra-env';

export function testKafka(clientId = 'llmchain-tests'): Kafka {
  return new Kafka({ clientId, brokers: infraEnv().KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING });
}

/** A topic prefix no other test uses: its topics and consumer groups start empty. */
export function uniqueTopicPrefix(): string {
  return `test-${randomBytes(4).toString('hex')}.`;
}

/** Removes a test's topics and consumer groups so the shared broker does not accumulate them. */
export async function deleteTopicNamespace(prefix: string): Promise<void> {
  const admin = testKafka().admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
    if (topics.length > 0) await admin.deleteTopics({ topics, timeout: 30_000 });
    const groups = (await admin.listGroups()).groups.map((g) => g.groupId).filter((g) => g.startsWith(prefix));
    if (groups.length > 0) await admin.deleteGroups(groups).catch(() => undefined);
  } finally {
    await admin.disconnect();
  }
}
