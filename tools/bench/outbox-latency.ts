/**
 * Outbox latency: from the request that commits an event to its arrival at a Kafka consumer, through a real
 * data-service (fresh database and Kafka namespace). The clock starts as this process sends POST /diagnostics/probes
 * (one event written and committed) and stops when a consumer in this process receives it. Probes go one at a time,
 * a random 50–250 ms apart, so they fall at every phase of a polling relay's cycle.
 *
 *   npm run bench:outbox-latency [-- --probes <n>]
 *
 * Prints the line {"bench":"outbox-latency","probes":…,"p50_ms":…,"p90_ms":…,"max_ms":…,"load":[…]}.
 */
import { TOPICS } from '@llmchain/contracts';
import { requestJson, ServiceStack, testKafka, waitUntil } from '@llmchain/testing';
import os from 'node:os';
import { median, nowMs, percentile } from './generate/timing';

const probesFlag = process.argv.indexOf('--probes');
const PROBES = probesFlag > 0 ? Number(process.argv[probesFlag + 1]) : 60;

async function main(): Promise<void> {
  const stack = new ServiceStack();
  const kafka = testKafka('outbox-latency');
  const consumer = kafka.consumer({ groupId: `${stack.topicPrefix}outbox-latency`, maxWaitTimeInMs: 100 });
  try {
    const service = await stack.add('data-service');
    await stack.startAll();
    const arrivals = new Map<string, number>();
    await consumer.connect();
    await consumer.subscribe({ topic: `${stack.topicPrefix}${TOPICS.platformProbe}`, fromBeginning: true });
    const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
    await consumer.run({ eachMessage: async ({ message }) => void arrivals.set(JSON.parse(message.value!.toString()).data.note, nowMs()) });
    await joined;

    const latencies: number[] = [];
    for (let i = 0; i < PROBES; i++) {
      const note = `latency-${i}`;
      const startedAt = nowMs();
      const sent = await requestJson('POST', `${service.baseUrl}/diagnostics/probes`, { to: 'data-service', count: 1, note });
      if (sent.status !== 201) throw new Error(`probe refused: ${JSON.stringify(sent)}`);
      const arrivedAt = await waitUntil(() => Promise.resolve(arrivals.get(note)), (at) => at !== undefined, { intervalMs: 1, timeoutMs: 30_000, what: note });
      latencies.push(arrivedAt! - startedAt);
      await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 200));
    }
    const round = (ms: number) => Number(ms.toFixed(1));
    console.log(JSON.stringify({
      bench: 'outbox-latency',
      probes: PROBES,
      p50_ms: round(median(latencies)),
      p90_ms: round(percentile(latencies, 90)),
      max_ms: round(Math.max(...latencies)),
      load: os.loadavg().map((l) => Number(l.toFixed(2))),
    }));
  } finally {
    await consumer.disconnect();
    await stack.teardown();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
