import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * A process the main job runs: a service (apps/<name>/src/main.ts), a worker, or the dashboard's web server. `script`
 * defaults to the service's main.ts; `healthPath` to the services' readiness check.
 */
export type ProcessInfo = {
  name: string;
  kind: 'service' | 'worker' | 'web';
  port: number;
  database?: string;
  script?: string;
  healthPath?: string;
};

export const ROOT = path.resolve(__dirname, '../..');
export const RUN_DIR = path.join(ROOT, '.cache/run');

export type RunningService = ProcessInfo & { url: string; pid: number; log: string; reused: boolean };

/**
 * Starts a service as a detached background process (it outlives this script), logging to .cache/run/<name>.log,
 * or reuses the one a previous run left if it is still alive.
 */
export function launchService(service: ProcessInfo, env: Record<string, string>): RunningService {
  mkdirSync(RUN_DIR, { recursive: true });
  const pidFile = path.join(RUN_DIR, `${service.name}.pid`);
  const log = path.join(RUN_DIR, `${service.name}.log`);
  const url = `http://127.0.0.1:${service.port}`;
  const previous = readPid(pidFile);
  if (previous !== null && isAlive(previous)) return { ...service, url, pid: previous, log, reused: true };

  const out = openSync(log, 'a');
  const script = service.script ?? `apps/${service.name}/src/main.ts`;
  const child = spawn(process.execPath, ['-r', '@swc-node/register', script], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(service.port) },
    detached: true,
    stdio: ['ignore', out, out],
  });
  closeSync(out);
  child.unref();
  if (child.pid === undefined) throw new Error(`could not start ${service.name}`);
  writeFileSync(pidFile, String(child.pid));
  return { ...service, url, pid: child.pid, log, reused: false };
}

/** SIGTERM, then wait for the process to drain and exit. */
export async function stopService(name: string, timeoutMs = 30_000): Promise<'stopped' | 'not running'> {
  const pidFile = path.join(RUN_DIR, `${name}.pid`);
  const pid = readPid(pidFile);
  rmSync(pidFile, { force: true });
  if (pid === null || !isAlive(pid)) return 'not running';
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline) {
      process.kill(pid, 'SIGKILL');
      break;
    }
    await sleep(100);
  }
  return 'stopped';
}

export type Readiness = { status: number; details: Record<string, { status: string; message?: string }> };

export async function readiness(url: string, healthPath = '/health/ready'): Promise<Readiness | null> {
  try {
    const response = await fetch(`${url}${healthPath}`);
    const body = (await response.json()) as { details?: Readiness['details'] };
    return { status: response.status, details: body.details ?? {} };
  } catch {
    return null;
  }
}

export async function waitReady(service: RunningService, timeoutMs = 120_000): Promise<Readiness> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(service.pid)) throw new Error(`${service.name} exited while starting; see ${service.log}`);
    const ready = await readiness(service.url, service.healthPath);
    if (ready?.status === 200) return ready;
    await sleep(250);
  }
  throw new Error(`${service.name} was not ready after ${timeoutMs / 1000} s; see ${service.log}`);
}

function readPid(file: string): number | null {
  if (!existsSync(file)) return null;
  const pid = Number(readFileSync(file, 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
