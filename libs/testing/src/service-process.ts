import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { withDeadline } from '@llmchain/platform';
import { REPO_ROOT } from './infra-env';
import { ServiceName } from './services';

export type ExitResult = { code: number | null; signal: NodeJS.Signals | null };

/**
 * One real service process, started the way production starts it (its main.ts, configured by environment only),
 * with its output kept for assertions. Tests kill it with real signals.
 */
export class ServiceProcess {
  private child: ChildProcess | null = null;
  private exited: Promise<ExitResult> | null = null;
  /** Set when the process ends without kill() having signalled it: what stop() reports. */
  private exitedUnasked: ExitResult | null = null;
  private signalled = false;
  readonly output: string[] = [];

  constructor(
    readonly name: ServiceName,
    readonly env: Record<string, string>,
    /** The process's entry under apps/<name>/src: main.ts for the service, e.g. worker.ts for its workers. */
    readonly entry = 'main.ts',
  ) {}

  get port(): number {
    return Number(this.env.PORT);
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The running process's id (tests read its memory from /proc). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  start(): this {
    if (this.child) throw new Error(`${this.name} is already running`);
    const child = spawn(process.execPath, ['-r', '@swc-node/register', path.join('apps', this.name, 'src', this.entry)], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const collect = (chunk: Buffer) => this.output.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    this.signalled = false;
    this.exitedUnasked = null;
    this.exited = once(child, 'exit').then(([code, signal]) => {
      const result = { code, signal } as ExitResult;
      if (!this.signalled) this.exitedUnasked = result;
      return result;
    });
    this.child = child;
    return this;
  }

  /** Resolves once /health/ready answers 200; fails with the process output if it exits or times out first. */
  async waitReady(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let exited: ExitResult | null = null;
    void this.exited?.then((result) => (exited = result));
    while (Date.now() < deadline) {
      if (exited) throw new Error(`${this.name} exited (${JSON.stringify(exited)}) before ready:\n${this.tail()}`);
      try {
        const response = await fetch(`${this.baseUrl}/health/ready`);
        if (response.status === 200) return;
      } catch {
        // not listening yet
      }
      await sleep(250);
    }
    throw new Error(`${this.name} not ready after ${timeoutMs} ms:\n${this.tail()}`);
  }

  /** Sends a signal and waits for the process to end. */
  async kill(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 30_000): Promise<ExitResult> {
    const child = this.child;
    if (!child || !this.exited) throw new Error(`${this.name} is not running`);
    this.signalled = true;
    child.kill(signal);
    const result = await withDeadline(this.exited, timeoutMs, () => {
      child.kill('SIGKILL');
      return new Error(`${this.name} did not exit within ${timeoutMs} ms of ${signal}:\n${this.tail()}`);
    });
    this.child = null;
    return result;
  }

  /** Waits for a process that is expected to exit on its own (a bad configuration, say). */
  async waitExit(timeoutMs = 30_000): Promise<ExitResult> {
    if (!this.exited) throw new Error(`${this.name} was never started`);
    const result = await withDeadline(this.exited, timeoutMs, () => new Error(`${this.name} still running after ${timeoutMs} ms`));
    this.child = null;
    return result;
  }

  /**
   * Ends the process. One that had already ended on its own is reported with its last output: a test failing on a
   * refused connection otherwise leaves no trace of why the service went away.
   */
  async stop(): Promise<void> {
    if (!this.child) return;
    if (this.exitedUnasked) console.error(`${this.name} (${this.entry}) had exited on its own (${JSON.stringify(this.exitedUnasked)}) before it was stopped:\n${this.tail()}`);
    await this.kill('SIGTERM');
  }

  tail(lines = 40): string {
    return this.output.slice(-lines).join('\n');
  }
}
