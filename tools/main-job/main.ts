import { launchService, RunningService, stopService, waitReady } from './service-launcher';
import { runProbeRing } from './probe-ring';
import { printTable } from './print-table';
import services from '../services.json';

/**
 * The main job (`npm start`, after tools/run.sh has provisioned the infrastructure and migrated the databases):
 * starts the four services, shows each one healthy, and sends one event through Kafka from each service to the
 * next, printing what arrived. `--stop` stops the services at the end; otherwise they keep running.
 */
async function main() {
  const stopAtEnd = process.argv.includes('--stop');
  const adminUrl = required('DATABASE_URL');
  const shared = { REDIS_URL: required('REDIS_URL'), KAFKA_BROKERS: required('KAFKA_BROKERS') };

  const running: RunningService[] = services.map((service) =>
    launchService(service, { ...shared, DATABASE_URL: withDatabase(adminUrl, service.database) }),
  );
  for (const service of running) {
    process.stdout.write(`${service.reused ? 'reusing' : 'starting'} ${service.name} (pid ${service.pid})\n`);
  }
  const health = await Promise.all(running.map((service) => waitReady(service)));
  process.stdout.write('\nHealth\n');
  printTable(
    ['service', 'url', 'ready', 'database', 'redis', 'kafka'],
    running.map((s, i) => [s.name, s.url, 'yes', ...['database', 'redis', 'kafka'].map((d) => health[i].details[d]?.status ?? '?')]),
  );

  const hops = await runProbeRing(running, `main job ${new Date().toISOString()}`);
  process.stdout.write('\nEvents through Kafka (outbox → relay → platform.probe → idempotent consumer)\n');
  printTable(
    ['from', 'to', 'event id', 'arrived after'],
    hops.map((h) => [h.from, h.to, h.eventId, `${h.arrivedMs} ms`]),
  );

  if (stopAtEnd) {
    for (const service of running) process.stdout.write(`${service.name}: ${await stopService(service.name)}\n`);
    return;
  }
  process.stdout.write(`\nThe services keep running (logs in .cache/run/). Stop them with: npm run stop\n`);
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the main job through \`npm start\``);
  return value;
}

function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

main().catch((error: Error) => {
  process.stderr.write(`main job failed: ${error.message}\n`);
  process.exit(1);
});
