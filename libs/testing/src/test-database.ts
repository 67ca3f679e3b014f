import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { infraEnv, REPO_ROOT } from './infra-env';
import { serviceInfo, ServiceName } from './services';

export type TestDatabase = { name: string; url: string; drop(): Promise<void> };

/** Runs one statement on the server's admin database. */
export async function adminQuery(sql: string, values: unknown[] = []): Promise<void> {
  const client = new Client({ connectionString: infraEnv().DATABASE_URL });
  await client.connect();
  try {
    await client.query(sql, values);
  } finally {
    await client.end();
  }
}

export function databaseUrl(database: string): string {
  const url = new URL(infraEnv().DATABASE_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

/**
 * A fresh database for one test, copied from the service's template that `npm test` migrated with the real
 * migrations: each test starts from the exact schema production has, in milliseconds rather than a migrate run.
 */
export async function createServiceDatabase(service: ServiceName): Promise<TestDatabase> {
  const template = migratedTemplate(service);
  const name = `${serviceInfo(service).database}_t_${randomBytes(4).toString('hex')}`;
  await adminQuery(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
  return { name, url: databaseUrl(name), drop: () => adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

/** The template tools/prepare-test-infra.sh migrated for this checkout's migrations of the service. */
function migratedTemplate(service: ServiceName): string {
  const file = path.join(REPO_ROOT, '.cache/test-templates', service);
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    throw new Error(`${file} is missing: run \`bash tools/prepare-test-infra.sh\` before the integration tests`);
  }
}

/** An empty database, for checks that must apply migrations themselves. */
export async function createEmptyDatabase(prefix: string): Promise<TestDatabase> {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  await adminQuery(`CREATE DATABASE "${name}"`);
  return { name, url: databaseUrl(name), drop: () => adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

/** Runs a query on a test database and returns its rows. */
export async function queryRows<Row>(url: string, sql: string, values: unknown[] = []): Promise<Row[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, values)).rows as Row[];
  } finally {
    await client.end();
  }
}
