import { AliasTarget, ModelAliasChangedV1 } from '@llmchain/contracts';
import { DATABASE, SqlExecutor } from '@llmchain/platform';
import { Inject, Injectable } from '@nestjs/common';
import { PrismaClient } from '../generated/prisma/client';

export interface ServedAlias {
  name: string;
  targets: AliasTarget[];
  updatedAt: Date;
}

/** The aliases serving resolves, as the newest model.alias.changed for each gave them. */
@Injectable()
export class ServedAliasesRepository {
  constructor(@Inject(DATABASE) private readonly db: PrismaClient) {}

  /**
   * Keeps the change unless the alias already holds a newer revision (a redelivery that arrives late); a change to no
   * targets (the alias was deleted) removes it, so the name set again later starts over at revision 1.
   */
  async record(tx: SqlExecutor, change: ModelAliasChangedV1['data']): Promise<void> {
    if (change.targets.length === 0) {
      await tx.$executeRawUnsafe(`DELETE FROM served_aliases WHERE tenant_id = $1 AND name = $2 AND revision < $3`, change.tenantId, change.alias, change.revision);
      return;
    }
    await tx.$executeRawUnsafe(
      `INSERT INTO served_aliases (tenant_id, name, targets, revision, updated_at) VALUES ($1, $2, $3::jsonb, $4, now())
       ON CONFLICT (tenant_id, name) DO UPDATE SET targets = EXCLUDED.targets, revision = EXCLUDED.revision, updated_at = now()
       WHERE served_aliases.revision < EXCLUDED.revision`,
      change.tenantId,
      change.alias,
      JSON.stringify(change.targets),
      change.revision,
    );
  }

  /** The tenant's aliases that point somewhere (training-service bounds how many a tenant has). */
  async forTenant(tenantId: string): Promise<ServedAlias[]> {
    const rows = await this.db.servedAlias.findMany({ where: { tenantId }, orderBy: { name: 'asc' } });
    return rows.map((row) => ({ name: row.name, targets: row.targets as unknown as AliasTarget[], updatedAt: row.updatedAt })).filter((alias) => alias.targets.length > 0);
  }
}
