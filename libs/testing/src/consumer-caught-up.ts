import { testKafka } from './kafka-namespace';
import { waitUntil } from './wait-until';

/**
 * Resolves once a consumer group has committed every partition of the topics up to their ends: every message produced
 * so far, duplicates and redeliveries included, has been processed. What a test waits on before it checks that late
 * copies "changed nothing", instead of sleeping for however long they might take.
 */
export async function waitConsumerCaughtUp(groupId: string, topics: string[], { timeoutMs = 60_000 } = {}): Promise<void> {
  const admin = testKafka('consumer-caught-up').admin();
  await admin.connect();
  try {
    // How many messages the group has not committed, and which partitions (committed / end: a timeout prints it).
    const lag = async (): Promise<{ behind: number; partitions: string[] } | string> => {
      let behind = 0;
      const partitions: string[] = [];
      for (const topic of topics) {
        const [ends, [committed]] = await Promise.all([admin.fetchTopicOffsets(topic), admin.fetchOffsets({ groupId, topics: [topic] })]);
        for (const end of ends) {
          const offset = Number(committed.partitions.find((p) => p.partition === end.partition)?.offset ?? -1);
          const missing = Number(end.high) - Math.max(offset, 0);
          behind += missing;
          if (missing > 0) partitions.push(`${topic}[${end.partition}] ${offset} / ${end.high}`);
        }
      }
      return { behind, partitions };
    };
    // A broker restarted moments ago can answer "not the correct coordinator for this group" (retriable) while the
    // group's coordinator moves: not known yet, asked again.
    const lagOrRetriable = () => lag().catch((error: Error & { retriable?: boolean }) => (error.retriable ? `not known yet: ${error.message}` : Promise.reject(error)));
    await waitUntil(lagOrRetriable, (state) => typeof state === 'object' && state.behind === 0, { timeoutMs, intervalMs: 100, what: `consumer group ${groupId} to catch up with ${topics.join(', ')}` });
  } finally {
    await admin.disconnect();
  }
}
