/**
 * A replica that takes a ReplicaLease and then works forever, for the lease test to SIGKILL: prints the fence it
 * holds, or "skipped" when another holds the lease. Configured by REDIS_URL, LEASE_PREFIX, LEASE_JOB and LEASE_MS.
 */
// The lease's own file rather than the platform's index: the process starts in a second on a busy machine.
import { ReplicaLease } from '../../libs/platform/src/lease/replica-lease';
import Redis from 'ioredis';

const { REDIS_URL, LEASE_PREFIX, LEASE_JOB, LEASE_MS } = process.env as Record<string, string>;
const lease = new ReplicaLease(new Redis(REDIS_URL), LEASE_PREFIX, Number(LEASE_MS));
void lease
  .runIfDue(LEASE_JOB, 3_600_000, async (hold) => {
    process.stdout.write(`holding ${hold.fence}\n`);
    await new Promise(() => undefined);
  })
  .then((ran) => {
    if (!ran) process.stdout.write('skipped\n');
    process.exit(0);
  });
