import { randomUUID } from 'node:crypto';
import type Redis from 'ioredis';
import type { Logger } from 'pino';

/** Deletes or extends a lock only while it still holds this holder's token (another may hold it since). */
export const RELEASE_IF_HELD = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
export const EXTEND_IF_HELD = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;

/**
 * Takes the lease when nobody holds it and the last run is not recent: one atomic step, so two replicas that tick
 * together cannot both see "free" and both take it. Returns the new fencing token, or 0.
 * KEYS: holder, done, fence. ARGV: holder id, lease ms.
 */
const ACQUIRE = `
if redis.call('exists', KEYS[1]) == 1 or redis.call('exists', KEYS[2]) == 1 then return 0 end
local fence = redis.call('incr', KEYS[3])
redis.call('set', KEYS[1], ARGV[1] .. ':' .. fence, 'PX', ARGV[2])
return fence`;

/**
 * Records the finished run (for `done ms`) and frees the lease, only while this holder still holds it: a holder that
 * lost its lease (frozen past its expiry) must not mark a period done that its successor is running.
 * KEYS: holder, done. ARGV: token, done ms.
 */
const FINISH = `
if redis.call('get', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('set', KEYS[2], ARGV[1], 'PX', ARGV[2])
redis.call('del', KEYS[1])
return 1`;

/** The shortest lease: renewed every third of it, it outlasts a few hundred milliseconds of event-loop stall. */
const MIN_LEASE_MS = 3_000;

/** What a running holder's work can ask: its fencing token, and whether it still holds the lease (check between batches). */
export type LeaseHold = { readonly fence: number; stillHeld(): Promise<boolean> };

/**
 * Runs a periodic job (the invoice run, a sweep, a purge) in one replica per period across every process sharing the
 * Redis: each replica ticks on its own timer and calls runIfDue; the first to take the lease runs the job, renewing
 * the lease every third of its length while it runs. A finished run is remembered for 90% of the period, so the other
 * replicas' ticks in that period skip it (the 10% keeps timers in different phases from skipping a whole period). A
 * holder that dies mid-run leaves no "done": its lease expires and the next replica to tick runs the job again, so
 * every job run this way must be idempotent (they are: each changes a row under its own lock or
 * condition). Fencing tokens grow with every acquisition, so a log or a row can tell runs apart.
 */
export class ReplicaLease {
  readonly holderId = randomUUID();

  constructor(
    private readonly redis: Redis,
    /** Separates services and environments sharing one Redis: the topic namespace and the service's name. */
    private readonly keyPrefix: string,
    /** The longest lease; a job's lease is twice its period within [MIN_LEASE_MS, leaseMs]. */
    private readonly leaseMs = 30_000,
  ) {}

  /** Runs `work` here if no replica runs it now or finished it within the last 90% of `periodMs`; true when it ran. */
  async runIfDue(job: string, periodMs: number, work: (hold: LeaseHold) => Promise<void>): Promise<boolean> {
    // One hash tag: the three keys live in one slot of a Redis Cluster, as a script's keys must.
    const base = `llmchain:lease:{${this.keyPrefix}:${job}}`;
    const [holderKey, doneKey, fenceKey] = [`${base}:holder`, `${base}:done`, `${base}:fence`];
    // A job ticking every few hundred milliseconds should not wait out a long lease when its holder dies.
    const leaseMs = Math.min(this.leaseMs, Math.max(2 * periodMs, MIN_LEASE_MS));
    const fence = Number(await this.redis.eval(ACQUIRE, 3, holderKey, doneKey, fenceKey, this.holderId, leaseMs));
    if (fence === 0) return false;
    const token = `${this.holderId}:${fence}`;
    let lost = false;
    const renewal = setInterval(() => {
      this.redis.eval(EXTEND_IF_HELD, 1, holderKey, token, leaseMs).then(
        (extended) => (lost ||= Number(extended) === 0),
        () => undefined,
      );
    }, leaseMs / 3);
    const hold: LeaseHold = {
      fence,
      stillHeld: async () => !lost && (await this.redis.get(holderKey)) === token,
    };
    let finished = false;
    try {
      await work(hold);
      finished = true;
    } finally {
      clearInterval(renewal);
      // A failed run frees the lease without "done", so the next tick (any replica's) retries it.
      if (finished) await this.redis.eval(FINISH, 2, holderKey, doneKey, token, Math.max(1, Math.floor(periodMs * 0.9)));
      else await this.redis.eval(RELEASE_IF_HELD, 1, holderKey, token).catch(() => undefined);
    }
    return true;
  }

  /**
   * Ticks every `periodMs`, or every `leaseMs` when that is shorter so a dead holder's job is taken over soon after
   * its lease expires, and runs `work` through runIfDue. A tick Redis cannot answer is logged and the next one
   * retries. Returns the (unref'd) timer for the caller to clear on shutdown.
   */
  schedule(job: string, periodMs: number, work: (hold: LeaseHold) => Promise<void>, logger: Logger): NodeJS.Timeout {
    // As with a plain interval, a process's first run is one period after it starts: a replica that boots does not run
    // an hourly job at once (ticks come sooner than the period only so a dead holder's job is taken over quickly).
    const firstDueAt = Date.now() + periodMs;
    const tick = async () => {
      if (Date.now() < firstDueAt) return;
      await this.runIfDue(job, periodMs, work).catch((err: Error) => logger.warn({ err, job }, 'could not take the replica lease; the next tick retries'));
    };
    const timer = setInterval(() => void tick(), Math.min(periodMs, this.leaseMs));
    timer.unref();
    return timer;
  }
}
