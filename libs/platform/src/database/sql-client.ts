/**
 * The slice of a Prisma client the platform needs. Each service generates its own client from its own schema;
 * the outbox and the processed-event ledger only need parameterised SQL and transactions, so they work with any.
 */
export interface SqlExecutor {
  $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number>;
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>;
}

export interface TransactionalDb extends SqlExecutor {
  $transaction<R>(fn: (tx: SqlExecutor) => Promise<R>, options?: { timeout?: number; maxWait?: number }): Promise<R>;
}

/** DI token under which a service provides its Prisma client to the platform. */
export const DATABASE = Symbol('DATABASE');
