import { AliasTarget } from '@llmchain/contracts';
import { DATABASE, keysetPage, NEWEST_FIRST } from '@llmchain/platform';
import { Inject, Injectable } from '@nestjs/common';
import { ModelAlias, ModelAliasChange, Prisma, PrismaClient } from '../generated/prisma/client';

export type AliasChangeAction = 'set' | 'rollback';

/** A tenant's aliases and the history of their assignments; every read is scoped to the tenant. */
@Injectable()
export class ModelAliasesRepository {
  constructor(@Inject(DATABASE) readonly client: PrismaClient) {}

  find(tenantId: string, name: string, tx: Prisma.TransactionClient = this.client): Promise<ModelAlias | null> {
    return tx.modelAlias.findUnique({ where: { tenantId_name: { tenantId, name } } });
  }

  /** Whether any tenant registered a model with this id (another tenant's is a 404, an unknown id a 400). */
  async modelExists(modelId: string): Promise<boolean> {
    return (await this.client.model.count({ where: { id: modelId } })) > 0;
  }

  /** Newest first, `limit + 1` rows (listPage's extra row says whether there is more); `after` is the last id seen. */
  list(tenantId: string, limit: number, after?: string): Promise<ModelAlias[]> {
    return keysetPage({ limit, after }, NEWEST_FIRST, {
      find: (id) => this.client.modelAlias.findFirst({ where: { id, tenantId }, select: { createdAt: true, id: true } }),
      rows: ({ after, orderBy, take }) => this.client.modelAlias.findMany({ where: { AND: [{ tenantId }, after] }, orderBy, take }),
    });
  }

  /** The alias's assignments, newest first. */
  changes(aliasId: string, limit: number): Promise<ModelAliasChange[]> {
    return this.client.modelAliasChange.findMany({ where: { aliasId }, orderBy: { revision: 'desc' }, take: limit });
  }

  countFor(tx: Prisma.TransactionClient, tenantId: string): Promise<number> {
    return tx.modelAlias.count({ where: { tenantId } });
  }

  /** The assignment an alias had at a revision. */
  changeAt(tx: Prisma.TransactionClient, aliasId: string, revision: number): Promise<ModelAliasChange | null> {
    return tx.modelAliasChange.findUnique({ where: { aliasId_revision: { aliasId, revision } } });
  }

  /** Writes the alias's next assignment (creating the alias at revision 1) and its history row. */
  async assign(
    tx: Prisma.TransactionClient,
    current: ModelAlias | null,
    alias: { tenantId: string; name: string },
    targets: AliasTarget[],
    change: { action: AliasChangeAction; apiKeyId: string },
  ): Promise<ModelAlias> {
    const json = targets as unknown as Prisma.InputJsonValue;
    const now = new Date();
    const saved = current
      ? await tx.modelAlias.update({ where: { id: current.id }, data: { targets: json, revision: current.revision + 1, updatedAt: now } })
      : await tx.modelAlias.create({ data: { ...alias, targets: json, revision: 1, createdAt: now, updatedAt: now } });
    await tx.modelAliasChange.create({ data: { aliasId: saved.id, revision: saved.revision, targets: json, ...change, changedAt: now } });
    return saved;
  }
}
