import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { runChain } from './chain/run-chain';
import { printSummary } from './chain/print-summary';
import { mainJobAdmin, mainJobWebhookKey } from './admin-credentials';
import { printTable } from './print-table';
import { PROCESSES } from './processes';
import { runProbeRing } from './probe-ring';
import { launchService, ROOT, RunningService, stopService, waitReady } from './service-launcher';

const url = (name: string) => `http://127.0.0.1:${PROCESSES.find((p) => p.name === name)!.port}`;

/**
 * The main job (`npm start`, after tools/run.sh has provisioned the infrastructure and migrated the databases): starts
 * the four services and a training worker, shows each one healthy and Kafka carrying events between them, then runs the
 * platform's whole chain through the public APIs (tools/main-job/chain) and prints what it made. `--stop` stops the
 * processes at the end; otherwise they keep running.
 */
async function main() {
  const started = Date.now();
  const stopAtEnd = process.argv.includes('--stop');
  const baseModelDir = baseModelArgument();
  const adminUrl = required('DATABASE_URL');
  const admin = mainJobAdmin();
  const shared = { REDIS_URL: required('REDIS_URL'), KAFKA_BROKERS: required('KAFKA_BROKERS') };
  const extra: Record<string, Record<string, string>> = {
    'billing-service': { BOOTSTRAP_ADMIN_EMAIL: admin.email, BOOTSTRAP_ADMIN_PASSWORD: admin.password, WEBHOOK_SECRET_KEY: mainJobWebhookKey() },
    dashboard: { DASHBOARD_PORT: String(PROCESSES.find((p) => p.name === 'dashboard')!.port) },
  };

  process.stdout.write('building the dashboard\n');
  execFileSync(`${ROOT}/node_modules/.bin/vite`, ['build', '--config', 'apps/dashboard/vite.config.mts', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
  const running: RunningService[] = PROCESSES.map((p) =>
    launchService(p, { ...shared, ...(p.database ? { DATABASE_URL: withDatabase(adminUrl, p.database) } : {}), ...(extra[p.name] ?? {}) }),
  );
  for (const p of running) process.stdout.write(`${p.reused ? 'reusing' : 'starting'} ${p.name} (pid ${p.pid})\n`);
  const health = await Promise.all(running.map((p) => waitReady(p)));
  process.stdout.write('\nHealth\n');
  printTable(
    ['process', 'url', 'ready', 'database', 'redis', 'kafka'],
    running.map((s, i) => [s.name, s.url, 'yes', ...['database', 'redis', 'kafka'].map((d) => health[i].details[d]?.status ?? '-')]),
  );
  const services = running.filter((p) => p.kind === 'service');
  const hops = await runProbeRing(services, `main job ${new Date().toISOString()}`);
  process.stdout.write('\nEvents through Kafka (outbox → relay → platform.probe → idempotent consumer)\n');
  printTable(['from', 'to', 'event id', 'arrived after'], hops.map((h) => [h.from, h.to, h.eventId, `${h.arrivedMs} ms`]));

  const result = await runChain({
    urls: { data: url('data-service'), training: url('training-service'), serving: url('serving-service'), billing: url('billing-service') },
    admin,
    label: new Date().toISOString().replace(/[-:.TZ]/g, '').slice(0, 14),
    corpusBytes: 400_000,
    seed: Date.now() % 100_000,
    // A base fine-tunes through a rank-8 adapter on every projection: short windows and few steps keep a 0.5B base
    // to minutes on CPUs; without one a small GPT is pretrained from scratch.
    training: baseModelDir
      ? { model: { contextLength: 128 }, hyperparameters: { steps: 60, batchSize: 4, learningRate: 0.001, checkpointEvery: 20 } }
      : {
          model: { layers: 2, heads: 4, embeddingSize: 64, contextLength: 64, vocabSize: 512 },
          hyperparameters: { steps: 300, batchSize: 16, learningRate: 0.004, checkpointEvery: 100 },
        },
    baseModelDir,
    prompt: 'The ',
    maxTokens: 40,
    out: process.stdout,
  });
  printSummary(result);
  process.stdout.write(`\nThe main job took ${((Date.now() - started) / 1000).toFixed(0)} s.\n`);
  process.stdout.write(`\nDashboard: ${url('dashboard')} (admin sign-in ${admin.email} / ${admin.password}, kept in .cache/run/admin.json)\n`);

  if (stopAtEnd) {
    for (const p of running) process.stdout.write(`${p.name}: ${await stopService(p.name)}\n`);
    return;
  }
  process.stdout.write(`The services keep running (logs in .cache/run/). Stop them with: npm run stop\n`);
}

/** `--base-model <dir>` or LLMCHAIN_BASE_MODEL: a local Hugging Face directory to import and fine-tune (no download). */
function baseModelArgument(): string | undefined {
  const at = process.argv.indexOf('--base-model');
  const dir = at >= 0 ? process.argv[at + 1] : process.env.LLMCHAIN_BASE_MODEL || undefined;
  if (at >= 0 && (dir === undefined || dir.startsWith('--'))) throw new Error('--base-model needs a directory: npm start -- --base-model <hf-model-dir>');
  if (dir !== undefined && !existsSync(dir)) throw new Error(`the base model directory ${dir} does not exist (--base-model / LLMCHAIN_BASE_MODEL name a local directory; nothing is downloaded)`);
  return dir;
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the main job through \`npm start\``);
  return value;
}

function withDatabase(serverUrl: string, database: string): string {
  const address = new URL(serverUrl);
  address.pathname = `/${database}`;
  return address.toString();
}

main().catch((error: Error) => {
  process.stderr.write(`main job failed: ${error.message}\n`);
  process.exit(1);
});
