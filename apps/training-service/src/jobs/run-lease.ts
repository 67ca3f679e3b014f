import { Prisma, PrismaClient } from '../generated/prisma/client';

/** Thrown into a run that another attempt has taken over: it stops and writes nothing more. */
export class LeaseLost extends Error {
  constructor(jobId: string) {
    super(`job ${jobId} was taken over by another attempt (this worker's queue lock lapsed); this attempt stops`);
  }
}

/**
 * How long Postgres lets a lease-holding transaction sit idle before it ends the session. Such a transaction holds the
 * job's row, and its process may stop in the middle of it (the very stall the lease exists for): the worker that
 * takes the job over would wait on that row until the stopped one woke (its start held for the whole statement
 * timeout, 60 s, and then failed). A live transaction idles for milliseconds between its statements.
 */
const IDLE_LEASE_TRANSACTION_MS = 5_000;

/**
 * Prisma's own limit on a lease-holding transaction, past any pause a worker is expected to wake from: Postgres bounds
 * the transaction instead (the idle limit above, the statement timeout). A Prisma timer that fires in a process woken
 * after Postgres ended its session rolls back on the dead connection, and Prisma leaves that rejection unhandled
 * (client-engine-runtime's transaction manager): the process exits. Without the timer due, the woken attempt's next
 * statement fails instead, and the attempt finds its lease gone.
 */
const LEASE_TRANSACTION_TIMEOUT_MS = 10 * 60_000;

/**
 * One attempt's claim on a running job: a fresh token stored on the job when the attempt starts. BullMQ's lock keeps
 * two workers from taking a job at once, but a worker that stalls past its lock (a long pause, a stopped process) goes
 * on running when it wakes while another resumes the job; every write an attempt makes holds its lease in the same
 * transaction, so the stale one is fenced out before it records progress, a checkpoint or a model.
 */
export class RunLease {
  constructor(
    readonly jobId: string,
    readonly token: string,
    private readonly db: PrismaClient,
  ) {}

  /**
   * Runs `write` in a transaction that holds the lease (the job's row locked for its length); throws LeaseLost, having
   * written nothing, when another attempt holds the job.
   */
  transaction<T>(write: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
    return this.db.$transaction(
      async (tx) => {
        await tx.$executeRawUnsafe(`SET LOCAL idle_in_transaction_session_timeout = ${IDLE_LEASE_TRANSACTION_MS}`);
        const { count } = await tx.trainingJob.updateMany({ where: { id: this.jobId, runLease: this.token }, data: { runLease: this.token } });
        if (count === 0) throw new LeaseLost(this.jobId);
        return write(tx);
      },
      { timeout: LEASE_TRANSACTION_TIMEOUT_MS },
    );
  }

  /** Throws LeaseLost unless this attempt still holds the job (before writing a file under the job's prefix). */
  async confirm(): Promise<void> {
    await this.transaction(async () => undefined);
  }

  async held(): Promise<boolean> {
    return (await this.db.trainingJob.count({ where: { id: this.jobId, runLease: this.token } })) === 1;
  }
}
