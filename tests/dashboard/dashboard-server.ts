import { withDeadline } from '@llmchain/platform';
import { REPO_ROOT, freePort, ServiceStack } from '@llmchain/testing';
import { ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';

/**
 * Where this Jest worker builds and serves the app: suites in two workers at once each rebuild their own copy (a
 * build empties its directory first), and a worker's suites, which run one after another, reuse one directory.
 */
const DIST_DIR = path.join(REPO_ROOT, '.cache/dashboard-dist', `worker-${process.env.JEST_WORKER_ID ?? '1'}`);

/**
 * Builds the single-page app the way `nx build dashboard` does (a couple of seconds with Vite 8). Jest sets
 * NODE_ENV=test, which Vite would bake in, shipping React's development build (StrictMode running every effect
 * twice); the test drives the production build users get. Asynchronous, so a suite boots its services and its
 * browser while Vite builds.
 */
export async function buildDashboard(): Promise<void> {
  const args = ['build', '--config', 'apps/dashboard/vite.config.mts', '--outDir', DIST_DIR, '--logLevel', 'warn'];
  await promisify(execFile)(path.join(REPO_ROOT, 'node_modules/.bin/vite'), args, {
    cwd: REPO_ROOT,
    env: { ...process.env, NODE_ENV: 'production', VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' },
    maxBuffer: 16 * 1024 * 1024,
  });
}

type ProxiedService = 'data-service' | 'training-service' | 'serving-service' | 'billing-service';

/** The dashboard server (apps/dashboard/server/main.ts) proxying to the stack's services on their test ports. */
export class DashboardServer {
  private child: ChildProcess | null = null;
  readonly output: string[] = [];
  url = '';

  /** `upstreams` points a service's proxy elsewhere (a recording server) instead of the stack's process. */
  async start(stack: ServiceStack, upstreams: Partial<Record<ProxiedService, string>> = {}): Promise<void> {
    const port = await freePort();
    const upstream = (name: ProxiedService) => upstreams[name] ?? (stack.services.has(name) ? stack.get(name).baseUrl : 'http://127.0.0.1:9');
    this.child = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/dashboard/server/main.ts'], {
      cwd: REPO_ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        DASHBOARD_PORT: String(port),
        DASHBOARD_DIST_DIR: DIST_DIR,
        DATA_SERVICE_URL: upstream('data-service'),
        TRAINING_SERVICE_URL: upstream('training-service'),
        SERVING_SERVICE_URL: upstream('serving-service'),
        BILLING_SERVICE_URL: upstream('billing-service'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const collect = (chunk: Buffer) => this.output.push(chunk.toString('utf8'));
    this.child.stdout?.on('data', collect);
    this.child.stderr?.on('data', collect);
    this.url = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) throw new Error(`dashboard server exited: ${this.output.join('')}`);
      const ready = await fetch(`${this.url}/health/live`).then((r) => r.ok, () => false);
      if (ready) return;
      await sleep(200);
    }
    throw new Error(`dashboard server not listening after 60 s: ${this.output.join('')}`);
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    child.kill('SIGTERM');
    // withDeadline clears its timer: a pending 10 s sleep would keep Jest from exiting after the run.
    await withDeadline(once(child, 'exit'), 10_000, () => new Error('the dashboard server ignored SIGTERM')).catch(() => child.kill('SIGKILL'));
  }
}
