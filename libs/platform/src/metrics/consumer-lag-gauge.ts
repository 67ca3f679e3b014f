import { Admin, Kafka } from 'kafkajs';
import { Gauge, Registry } from 'prom-client';
import type { Logger } from 'pino';
import { withDeadline } from '../util/with-deadline';

/** A scrape waits this long for the broker; past it the gauge is left out of that scrape. */
const LAG_QUERY_DEADLINE_MS = 3_000;

/**
 * Messages on the service's topics that its consumer groups have not committed yet, per group and topic, read from
 * the broker at each scrape (committed offsets against each partition's high watermark). Every replica of a service
 * reports the same figure for a group, so dashboards and alerts take the max over replicas. A group is the
 * service's when its name starts with `groupPrefix` (the namespaced service name: `billing-service`,
 * `billing-service.ledger`, ...).
 */
export function registerConsumerLagGauge(registry: Registry, kafka: Kafka, groupPrefix: string, logger: Logger): { close(): Promise<void> } {
  let admin: Admin | null = null;
  const connectedAdmin = async () => {
    if (!admin) {
      const created = kafka.admin();
      await created.connect();
      admin = created;
    }
    return admin;
  };
  const lagByGroupAndTopic = async () => {
    const client = await connectedAdmin();
    const groups = (await client.listGroups()).groups.map((g) => g.groupId).filter((g) => g === groupPrefix || g.startsWith(`${groupPrefix}.`));
    const highWatermarks = new Map<string, Map<number, { high: bigint; low: bigint }>>();
    const lags: { group: string; topic: string; lag: number }[] = [];
    for (const group of groups) {
      for (const { topic, partitions } of await client.fetchOffsets({ groupId: group })) {
        if (!highWatermarks.has(topic)) {
          const offsets = await client.fetchTopicOffsets(topic);
          highWatermarks.set(topic, new Map(offsets.map((o) => [o.partition, { high: BigInt(o.high), low: BigInt(o.low) }])));
        }
        let lag = 0n;
        for (const { partition, offset } of partitions) {
          const marks = highWatermarks.get(topic)?.get(partition);
          if (!marks) continue;
          // -1: nothing committed yet; the group will read from the earliest offset still kept.
          const committed = BigInt(offset) < 0n ? marks.low : BigInt(offset);
          if (marks.high > committed) lag += marks.high - committed;
        }
        lags.push({ group, topic, lag: Number(lag) });
      }
    }
    return lags;
  };
  new Gauge({
    name: 'kafka_consumer_group_lag',
    help: "Messages on a topic not yet committed by one of the service's consumer groups",
    labelNames: ['group', 'topic'],
    registers: [registry],
    async collect() {
      this.reset();
      try {
        const lags = await withDeadline(lagByGroupAndTopic(), LAG_QUERY_DEADLINE_MS, () => new Error(`consumer lag query took over ${LAG_QUERY_DEADLINE_MS} ms`));
        for (const { group, topic, lag } of lags) this.set({ group, topic }, lag);
      } catch (err) {
        logger.warn({ err }, 'consumer lag not measured');
      }
    },
  });
  return {
    close: async () => {
      await admin?.disconnect();
      admin = null;
    },
  };
}
