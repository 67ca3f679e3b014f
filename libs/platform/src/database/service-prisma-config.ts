import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { defineConfig } from 'prisma/config';

/**
 * Prisma CLI settings shared by every service. The Rust engines cannot be downloaded here, so migrations run on
 * the Wasm schema engine through the pg driver adapter (`engine: 'js'`). Paths are relative to the service's
 * prisma.config.ts.
 */
export function servicePrismaConfig() {
  reportCatalogTypesAsText();
  return defineConfig({
    experimental: { adapter: true },
    engine: 'js',
    schema: 'prisma/schema',
    migrations: { path: 'prisma/migrations' },
    adapter: async () => new PrismaPg({ connectionString: requiredDatabaseUrl() }),
  });
}

function requiredDatabaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set: run Prisma through tools/prisma.sh <service> ...');
  return url;
}

/**
 * Works around prisma/orm#27403: the Wasm schema engine cannot deserialize Postgres catalog columns of type
 * `name` (19) or `char` (18), nor arrays of them (1003, 1002). Reporting them as text (25) and text[] (1009)
 * is lossless for what introspection reads.
 */
function reportCatalogTypesAsText(): void {
  const result = pg.Result.prototype as unknown as { addFields(fields: { dataTypeID: number }[]): void };
  const addFields = result.addFields;
  if ((addFields as { patched?: boolean }).patched) return;
  const remap: Record<number, number> = { 19: 25, 18: 25, 1003: 1009, 1002: 1009 };
  const patched = function (this: unknown, fields: { dataTypeID: number }[]) {
    for (const field of fields) field.dataTypeID = remap[field.dataTypeID] ?? field.dataTypeID;
    return addFields.call(this, fields);
  };
  Object.assign(patched, { patched: true });
  result.addFields = patched;
}
