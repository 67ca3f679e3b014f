import { Prisma, PrismaClient } from '../generated/prisma/client';

/** Thrown into a run that another attempt has taken over: it stops and writes nothing more. */
export class LeaseLost extends Error {
  constructor(jobId: string) {
    super(`job ${jobId} was taken over by another attempt (this worker's queue lock lapsed); this attempt stops`);
  }
}

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

  /** Locks the job's row for the rest of the transaction; throws LeaseLost when another attempt holds the job. */
  async hold(tx: Prisma.TransactionClient): Promise<void> {
    const { count } = await tx.trainingJob.updateMany({ where: { id: this.jobId, runLease: this.token }, data: { runLease: this.token } });
    if (count === 0) throw new LeaseLost(this.jobId);
  }

  /** Throws LeaseLost unless this attempt still holds the job (before writing a file under the job's prefix). */
  async confirm(): Promise<void> {
    await this.db.$transaction((tx) => this.hold(tx));
  }

  async held(): Promise<boolean> {
    return (await this.db.trainingJob.count({ where: { id: this.jobId, runLease: this.token } })) === 1;
  }
}
