import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * Test services' ports come from below Linux's ephemeral range (32768-60999), where no outgoing connection and no
 * `listen(0)` lands.
 */
const FIRST_PORT = 20_000;
const PORT_COUNT = 12_000;

/**
 * One directory for the whole machine: every test process of every checkout reserves its ports there, a file per port
 * holding the reserving process's pid, taken over once that process has exited (Jest workers live for a whole run, so
 * a worker's ports stay its own across its suites). A port that is merely free is not enough: a
 * service boots for seconds before it binds the port it was given (and a restarted one binds it again), and another
 * Jest worker asking meanwhile was handed the same port (two suites' services answered on one port: a 404 from the
 * wrong service).
 */
export const RESERVATIONS = path.join(os.tmpdir(), 'llmchain-test-ports');

/** A loopback port nothing listens on and no other test process holds, reserved for this process's lifetime. */
export function freePort(): Promise<number> {
  return freePortIn(FIRST_PORT, PORT_COUNT);
}

/** freePort over the `count` ports from `first` (its own spec takes a few ports nothing else uses). */
export async function freePortIn(first: number, count: number): Promise<number> {
  mkdirSync(RESERVATIONS, { recursive: true });
  const start = Math.floor(Math.random() * count);
  for (let i = 0; i < count; i++) {
    const port = first + ((start + i) % count);
    if (reserve(port) && (await listenable(port))) return port;
  }
  throw new Error(`no free port in ${first}-${first + count - 1}: every one is reserved in ${RESERVATIONS} or in use`);
}

/**
 * Takes the port's reservation, or one left by a process that has exited. Two processes taking over the same stale
 * reservation at the same moment could both win; with a random starting point among freePort's 12,000 ports that needs both to
 * pick the same dead process's port in the same instant.
 */
function reserve(port: number): boolean {
  const file = path.join(RESERVATIONS, String(port));
  if (!createExclusively(file)) {
    if (holderAlive(file)) return false;
    try {
      unlinkSync(file);
    } catch {
      // another process took it over first
    }
    if (!createExclusively(file)) return false;
  }
  return true;
}

function createExclusively(file: string): boolean {
  try {
    writeFileSync(file, String(process.pid), { flag: 'wx' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

function holderAlive(file: string): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(file, 'utf8'));
  } catch {
    return false;
  }
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether nothing (a test process without a reservation, another program) listens on the port now. */
function listenable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
