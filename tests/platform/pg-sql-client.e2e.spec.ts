import { PgSqlClient } from '@llmchain/platform';
import { createEmptyDatabase, queryRows, TestDatabase } from '@llmchain/testing';
import pino from 'pino';

/** PgSqlClient's transactions on a real Postgres: committed when the work resolves, rolled back when it throws. */
describe('PgSqlClient transactions', () => {
  let database: TestDatabase;
  let sql: PgSqlClient;
  const names = () => queryRows<{ name: string }>(database.url, 'SELECT name FROM things ORDER BY name').then((rows) => rows.map((r) => r.name));

  beforeAll(async () => {
    database = await createEmptyDatabase('llmchain_pg_sql_client');
    await queryRows(database.url, 'CREATE TABLE things (name text PRIMARY KEY)');
    // One connection: a transaction that left it dirty or checked out would block or taint the next.
    sql = new PgSqlClient({ connectionString: database.url, max: 1 }, pino({ level: 'silent' }));
  });
  afterAll(async () => {
    await sql?.end();
    await database?.drop();
  });

  it('commits what the work wrote when it resolves, and returns its result', async () => {
    const result = await sql.$transaction(async (tx) => {
      await tx.$executeRawUnsafe('INSERT INTO things (name) VALUES ($1)', 'kept');
      return tx.$queryRawUnsafe<{ n: number }[]>('SELECT count(*)::int AS n FROM things');
    });
    expect(result).toEqual([{ n: 1 }]);
    expect(await names()).toEqual(['kept']);
  });

  it('rolls back everything the work wrote when it throws, and rethrows', async () => {
    await expect(
      sql.$transaction(async (tx) => {
        await tx.$executeRawUnsafe('INSERT INTO things (name) VALUES ($1)', 'undone');
        throw new Error('changed its mind');
      }),
    ).rejects.toThrow('changed its mind');
    expect(await names()).toEqual(['kept']);
    // The connection went back clean: the next statement runs outside any transaction.
    expect(await sql.$executeRawUnsafe('INSERT INTO things (name) VALUES ($1)', 'after')).toBe(1);
    expect(await names()).toEqual(['after', 'kept']);
  });

  it('drops a connection Postgres ended mid-transaction and opens a new one', async () => {
    await expect(
      sql.$transaction(async (tx) => {
        await tx.$queryRawUnsafe('SELECT pg_terminate_backend(pg_backend_pid())');
      }),
    ).rejects.toThrow();
    expect(await sql.$queryRawUnsafe('SELECT 1 AS one')).toEqual([{ one: 1 }]);
  });
});
