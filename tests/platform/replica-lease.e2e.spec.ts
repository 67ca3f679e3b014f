import { LeaseHold, ReplicaLease } from '@llmchain/platform';
import { infraEnv, REPO_ROOT, waitUntil } from '@llmchain/testing';
import Redis from 'ioredis';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

const LEASE_MS = 1_000;

/**
 * ReplicaLease on the real Redis, between separate connections (replicas in this process) and a real process that is
 * SIGKILLed while it holds the lease: one contender runs a job, the others skip it; a dead holder's job is taken over
 * only once its lease expired; a finished run is not repeated within its period.
 */
describe('ReplicaLease: a periodic job runs in one replica', () => {
  const connections: Redis[] = [];
  const prefix = `lease-test-${randomUUID()}`;
  const replica = () => {
    const redis = new Redis(infraEnv().REDIS_URL);
    connections.push(redis);
    return new ReplicaLease(redis, prefix, LEASE_MS);
  };
  afterAll(async () => {
    await Promise.all(connections.map((c) => c.quit()));
  });

  it('lets one of eight contenders that tick together run the job, and none again within its period', async () => {
    const job = `together-${randomUUID()}`;
    const contenders = Array.from({ length: 8 }, replica);
    const runs: number[] = [];
    const work = async (hold: LeaseHold) => {
      runs.push(hold.fence);
      await sleep(200);
    };
    const ran = await Promise.all(contenders.map((c) => c.runIfDue(job, 2_000, work)));
    expect(ran.filter(Boolean)).toHaveLength(1);
    expect(runs).toHaveLength(1);
    // Finished, and within 90% of the period: every replica's next tick skips it.
    expect(await Promise.all(contenders.map((c) => c.runIfDue(job, 2_000, work)))).toEqual(Array(8).fill(false));
    await sleep(1_900);
    // The period is over: the next tick runs it once more, with a later fence.
    const next = await Promise.all(contenders.map((c) => c.runIfDue(job, 2_000, work)));
    expect(next.filter(Boolean)).toHaveLength(1);
    expect(runs).toHaveLength(2);
    expect(runs[1]).toBeGreaterThan(runs[0]);
  });

  it('gives a SIGKILLed holder\'s job to another replica only after the lease expired', async () => {
    const job = `killed-${randomUUID()}`;
    const holder = spawn(process.execPath, ['-r', '@swc-node/register', 'tests/platform/replica-lease-holder.ts'], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', REDIS_URL: infraEnv().REDIS_URL, LEASE_PREFIX: prefix, LEASE_JOB: job, LEASE_MS: String(LEASE_MS) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    holder.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise((resolve) => holder.once('exit', resolve));
    const heldFence = await waitUntil(() => Promise.resolve(/holding (\d+)/.exec(output)?.[1]), Boolean, { timeoutMs: 120_000, what: 'the holder process to take the lease' }).catch(
      (error: Error) => {
        holder.kill('SIGKILL');
        throw new Error(`${error.message}; it wrote: ${output}`);
      },
    );
    const survivor = replica();
    const runs: number[] = [];
    const work = async (hold: LeaseHold) => void runs.push(hold.fence);

    // Alive, it renews the lease past its length: the survivor skips the job.
    await sleep(LEASE_MS * 1.5);
    expect(await survivor.runIfDue(job, 3_600_000, work)).toBe(false);

    holder.kill('SIGKILL');
    await exited;
    const killedAt = Date.now();
    expect(await survivor.runIfDue(job, 3_600_000, work)).toBe(false);
    await waitUntil(() => survivor.runIfDue(job, 3_600_000, work), Boolean, { timeoutMs: LEASE_MS * 3, intervalMs: 50, what: 'the survivor to take the job over' });
    expect(Date.now() - killedAt).toBeGreaterThan(LEASE_MS / 3);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toBeGreaterThan(Number(heldFence));
  });

  it('frees the lease without marking the period done when the work fails, so the next tick retries', async () => {
    const job = `failing-${randomUUID()}`;
    const [first, second] = [replica(), replica()];
    await expect(first.runIfDue(job, 3_600_000, () => Promise.reject(new Error('database away')))).rejects.toThrow('database away');
    let ran = false;
    expect(await second.runIfDue(job, 3_600_000, async () => void (ran = true))).toBe(true);
    expect(ran).toBe(true);
  });

  it('tells a holder frozen past its lease that it lost it, while another replica takes the job over', async () => {
    const job = `frozen-${randomUUID()}`;
    const redis = new Redis(infraEnv().REDIS_URL);
    const frozen = new ReplicaLease(redis, prefix, LEASE_MS);
    const other = replica();
    const stillHeld: boolean[] = [];
    let takenOver = false;
    await frozen.runIfDue(job, 3_600_000, async (hold) => {
      stillHeld.push(await hold.stillHeld());
      // Its renewals cannot reach Redis (a frozen or cut-off process): the lease expires and another replica runs.
      redis.disconnect();
      await sleep(LEASE_MS + 200);
      takenOver = await other.runIfDue(job, 3_600_000, async () => undefined);
      await redis.connect();
      stillHeld.push(await hold.stillHeld());
    });
    expect(stillHeld).toEqual([true, false]);
    expect(takenOver).toBe(true);
    await redis.quit();
  });
});
