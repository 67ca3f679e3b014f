/**
 * Ledger ingestion benchmark: `npm run bench:ledger` (200,000 events) or `npm run bench:ledger -- --quick` (20,000).
 *
 * Produces the events to a fresh Kafka namespace first, then starts a real billing-service process on a freshly
 * migrated database and times its batch consumer from the first committed chunk until every event is in the
 * ledger (events/s = events committed after the first chunk / seconds in between). Peak memory is the service
 * process's VmHWM (peak resident set) from /proc. Checks the ledger total equals the produced total.
 * The last line printed is one JSON object with the figures.
 */
import { TOPICS } from '@llmchain/contracts';
import { ensureTopics, TopicNamespace } from '@llmchain/platform';
import { createEmptyDatabase, deleteTopicNamespace, freePort, infraEnv, queryRows, REPO_ROOT, testKafka, uniqueTopicPrefix } from '@llmchain/testing';
import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { Partitioners } from 'kafkajs';

const QUICK = process.argv.includes('--quick');
const EVENTS = QUICK ? 20_000 : 200_000;
const TENANTS = Array.from({ length: 50 }, () => randomUUID());
const MODELS = ['gpt-small', 'gpt-medium', 'gpt-large'];
const log = (message: string) => process.stderr.write(`[bench:ledger] ${message}\n`);

async function produce(prefix: string): Promise<number> {
  const producer = testKafka('bench-ledger').producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  let tokens = 0;
  const started = Date.now();
  for (let start = 0; start < EVENTS; start += 5_000) {
    const messages = [];
    for (let i = start; i < Math.min(EVENTS, start + 5_000); i++) {
      const data = { tenantId: TENANTS[i % TENANTS.length], apiKeyId: 'bench', requestId: randomUUID(), model: MODELS[i % 3], promptTokens: 1 + (i % 900), completionTokens: 1 + (i % 300) };
      tokens += data.promptTokens + data.completionTokens;
      const event = { id: randomUUID(), type: TOPICS.usageRecorded, version: 1, occurredAt: new Date().toISOString(), producer: 'serving-service', data };
      messages.push({ key: data.tenantId, value: JSON.stringify(event) });
    }
    await producer.send({ topic: `${prefix}${TOPICS.usageRecorded}`, acks: -1, messages });
  }
  await producer.disconnect();
  log(`produced ${EVENTS} events in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return tokens;
}

function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

async function main(): Promise<void> {
  const infra = infraEnv();
  const prefix = uniqueTopicPrefix();
  const database = await createEmptyDatabase('llmchain_bench_ledger');
  try {
    const migrate = spawnSync('bash', ['tools/prisma.sh', 'billing-service', 'migrate', 'deploy'], { cwd: REPO_ROOT, env: { ...process.env, DATABASE_URL: database.url }, encoding: 'utf8' });
    if (migrate.status !== 0) throw new Error(`migrate deploy failed:\n${migrate.stdout}${migrate.stderr}`);
    await ensureTopics(testKafka('bench-ledger'), new TopicNamespace(prefix), { partitions: 3, replicationFactor: 1 });
    const producedTokens = await produce(prefix);

    const port = await freePort();
    const service = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/billing-service/src/main.ts'], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', PORT: String(port), DATABASE_URL: database.url, REDIS_URL: infra.REDIS_URL, KAFKA_BROKERS: infra.KAFKA_BROKERS, KAFKA_TOPIC_PREFIX: prefix, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    try {
      const count = async () => Number((await queryRows<{ n: string | null }>(database.url, `SELECT SUM(events)::text AS n FROM usage_ledger WHERE meter = 'prompt'`))[0].n ?? 0);
      let first: { at: number; n: number } | null = null;
      let last = { at: 0, n: 0 };
      const deadline = Date.now() + 600_000;
      while (last.n < EVENTS) {
        if (Date.now() > deadline) throw new Error(`only ${last.n} of ${EVENTS} events reached the ledger`);
        if (service.exitCode !== null) throw new Error(`billing-service exited with ${service.exitCode}`);
        const n = await count();
        if (n > last.n) {
          last = { at: performance.now(), n };
          first ??= last;
        }
        await sleep(20);
      }
      const peak = peakRssMb(service.pid!);
      const [{ t }] = await queryRows<{ t: string }>(database.url, `SELECT SUM(tokens)::text AS t FROM usage_ledger`);
      if (Number(t) !== producedTokens) throw new Error(`ledger holds ${t} tokens, ${producedTokens} were produced`);
      const seconds = (last.at - first!.at) / 1000;
      const eventsPerS = Math.round((EVENTS - first!.n) / seconds);
      log(`${EVENTS} events in the ledger; ${EVENTS - first!.n} after the first chunk in ${seconds.toFixed(2)} s; ledger tokens match (${t})`);
      log(`target 10,000 events/s: ${eventsPerS >= 10_000 ? 'met' : 'missed'}`);
      console.log(JSON.stringify({ bench: 'ledger', events_per_s: eventsPerS, events: EVENTS, peak_rss_mb: peak }));
    } finally {
      service.kill('SIGTERM');
      await new Promise((resolve) => service.once('exit', resolve));
    }
  } finally {
    await database.drop();
    await deleteTopicNamespace(prefix);
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`${error instanceof Error ? error.stack : error}\n`);
    process.exit(1);
  },
);
