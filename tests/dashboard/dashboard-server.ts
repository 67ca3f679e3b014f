import { withDeadline } from '@llmchain/platform';
import { REPO_ROOT, freePort, ServiceStack } from '@llmchain/testing';
import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { DIST_DIR } from './dashboard-build';

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
