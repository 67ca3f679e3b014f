import { freePortIn, REPO_ROOT, RESERVATIONS } from '@llmchain/testing';
import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';

/** Ports nothing else on the machine is handed: below freePort's own range, above the infrastructure's. */
const FIRST = 19_400;
const COUNT = 6;

/**
 * A separate process asking for `n` ports of the spec's range, as a second Jest worker would; it lives (holding them)
 * until killed, since a reservation ends with its process.
 */
async function portsFromAnotherProcess(n: number): Promise<{ ports: number[]; holder: ChildProcess }> {
  const script = `const { freePortIn } = require(${JSON.stringify(path.join(REPO_ROOT, 'libs/testing/src/free-port.ts'))});
(async () => { const ports = []; for (let i = 0; i < ${n}; i++) ports.push(await freePortIn(${FIRST}, ${COUNT})); console.log(JSON.stringify(ports)); setInterval(() => {}, 60_000); })();`;
  const holder = spawn(process.execPath, ['-r', '@swc-node/register', '-e', script], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = (await once(createInterface({ input: holder.stdout! }), 'line')) as [string];
  return { ports: JSON.parse(line) as number[], holder };
}

function clearRange(): void {
  for (let port = FIRST; port < FIRST + COUNT; port++) rmSync(path.join(RESERVATIONS, String(port)), { force: true });
}

describe('freePort', () => {
  beforeEach(clearRange);
  afterAll(clearRange);

  it('never hands one port to two processes asking at once, nor twice to one', async () => {
    const askers = await Promise.all([portsFromAnotherProcess(3), portsFromAnotherProcess(3)]);
    try {
      const all = askers.flatMap((asker) => asker.ports);
      expect(new Set(all).size).toBe(6);
      for (const port of all) expect(port >= FIRST && port < FIRST + COUNT).toBe(true);
    } finally {
      for (const { holder } of askers) holder.kill();
      await Promise.all(askers.map(({ holder }) => once(holder, 'exit')));
    }
  }, 60_000);

  it('refuses, naming the range, once a live process holds every port of it', async () => {
    const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)']);
    try {
      mkdirSync(RESERVATIONS, { recursive: true });
      for (let port = FIRST; port < FIRST + COUNT; port++) writeFileSync(path.join(RESERVATIONS, String(port)), String(sleeper.pid));
      await expect(freePortIn(FIRST, COUNT)).rejects.toThrow(`no free port in ${FIRST}-${FIRST + COUNT - 1}`);
    } finally {
      sleeper.kill();
      await once(sleeper, 'exit');
    }
  });

  it('takes over the reservations of a process that has exited', async () => {
    const exited = spawn(process.execPath, ['-e', '']);
    await once(exited, 'exit');
    for (let port = FIRST; port < FIRST + COUNT; port++) writeFileSync(path.join(RESERVATIONS, String(port)), String(exited.pid));
    const port = await freePortIn(FIRST, COUNT);
    expect(port >= FIRST && port < FIRST + COUNT).toBe(true);
  });

  it('skips a port something listens on without a reservation', async () => {
    const listener = createServer();
    const taken = await new Promise<number>((resolve) => listener.listen(FIRST, '127.0.0.1', () => resolve(FIRST)));
    try {
      const ports = await Promise.all(Array.from({ length: COUNT - 1 }, () => freePortIn(FIRST, COUNT)));
      expect(ports).not.toContain(taken);
      await expect(freePortIn(FIRST, COUNT)).rejects.toThrow('no free port');
    } finally {
      listener.close();
    }
  });
});
