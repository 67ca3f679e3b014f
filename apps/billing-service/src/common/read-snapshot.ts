import { Prisma, PrismaClient } from '../generated/prisma/client';

/**
 * Runs reads on one read-only snapshot: parts computed from several queries agree while usage keeps arriving, and
 * any attempted write fails instead of happening.
 */
export function readSnapshot<R>(db: PrismaClient, fn: (tx: Prisma.TransactionClient) => Promise<R>): Promise<R> {
  return db.$transaction(
    async (tx) => {
      await tx.$executeRawUnsafe('SET TRANSACTION READ ONLY');
      return fn(tx);
    },
    { isolationLevel: Prisma.TransactionIsolationLevel.RepeatableRead, timeout: 30_000, maxWait: 30_000 },
  );
}
