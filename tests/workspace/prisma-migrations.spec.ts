import { createEmptyDatabase, REPO_ROOT, SERVICES } from '@llmchain/testing';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Applies a service's committed migrations to an empty database and diffs the result against its Prisma schema.
 * Exit code 0: they agree; 2: they differ (the summary says how). With the pg driver adapter, Prisma uses the
 * connected database as the shadow database, so each check gets an empty throwaway one.
 */
async function diffMigrationsAgainst(service: string, schemaDir: string) {
  const database = await createEmptyDatabase('llmchain_migration_check');
  try {
    const result = spawnSync(
      'bash',
      [
        'tools/prisma.sh',
        service,
        'migrate',
        'diff',
        '--from-migrations',
        `apps/${service}/prisma/migrations`,
        '--to-schema-datamodel',
        schemaDir,
        '--exit-code',
      ],
      { cwd: REPO_ROOT, env: { ...process.env, DATABASE_URL: database.url }, encoding: 'utf8' },
    );
    return { code: result.status, output: `${result.stdout}${result.stderr}` };
  } finally {
    await database.drop();
  }
}

describe('Prisma schemas and their migrations agree', () => {
  it.each(SERVICES.map((s) => s.name))('%s: migrations produce exactly the schema', async (service) => {
    const { code, output } = await diffMigrationsAgainst(service, `apps/${service}/prisma/schema`);
    expect({ code, output }).toEqual({ code: 0, output: expect.stringContaining('No difference detected') });
  });

  it('notices a model that has no migration', async () => {
    const schemaDir = mkdtempSync(path.join(tmpdir(), 'llmchain-schema-'));
    try {
      cpSync(path.join(REPO_ROOT, 'apps/billing-service/prisma/schema'), schemaDir, { recursive: true, dereference: true });
      writeFileSync(path.join(schemaDir, 'unmigrated.prisma'), 'model Unmigrated {\n  id Int @id\n}\n');
      const { code, output } = await diffMigrationsAgainst('billing-service', schemaDir);
      expect(code).toBe(2);
      expect(output).toContain('Unmigrated');
    } finally {
      rmSync(schemaDir, { recursive: true, force: true });
    }
  });
});
