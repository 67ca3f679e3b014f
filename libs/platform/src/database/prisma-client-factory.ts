import { PrismaPg } from '@prisma/adapter-pg';
import { poolTimeouts } from './pool-timeouts';
import { TransactionalDb } from './sql-client';

/** A service's generated PrismaClient class: every service generates its own from its own schema. */
export type PrismaClientClass = new (options: { adapter: PrismaPg }) => TransactionalDb & {
  $disconnect(): Promise<void>;
};

/** Connects through the pg driver adapter: no Rust query engine, which cannot be downloaded here. */
export function createPrismaClient(PrismaClient: PrismaClientClass, databaseUrl: string, timeouts: ReturnType<typeof poolTimeouts>) {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl, ...timeouts }) });
}
