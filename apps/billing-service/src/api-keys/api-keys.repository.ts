import { CountedListPage, DATABASE, ListQuery } from '@llmchain/platform';
import { Inject, Injectable } from '@nestjs/common';
import { countedKeysetPage } from '../common/list-page';
import { Prisma, PrismaClient } from '../generated/prisma/client';

/** What may be shown of a key after its creation: never the secret nor its hash. */
export const API_KEY_VIEW = {
  id: true,
  tenantId: true,
  name: true,
  prefix: true,
  scopes: true,
  expiresAt: true,
  revokedAt: true,
  createdAt: true,
  createdByUserId: true,
  createdByApiKeyId: true,
} as const;

export type ApiKeyView = Prisma.ApiKeyGetPayload<{ select: typeof API_KEY_VIEW }>;

const API_KEY_ORDER = { keys: ['createdAt', 'id'], direction: 'asc' } as const;

@Injectable()
export class ApiKeysRepository {
  constructor(@Inject(DATABASE) private readonly db: PrismaClient) {}

  transaction<R>(fn: (tx: Prisma.TransactionClient) => Promise<R>): Promise<R> {
    return this.db.$transaction(fn);
  }

  create(tx: Prisma.TransactionClient, data: Prisma.ApiKeyUncheckedCreateInput): Promise<ApiKeyView> {
    return tx.apiKey.create({ data, select: API_KEY_VIEW });
  }

  list(tenantId: string, query: ListQuery): Promise<CountedListPage<ApiKeyView>> {
    return countedKeysetPage(query, API_KEY_ORDER, {
      count: () => this.db.apiKey.count({ where: { tenantId } }),
      find: (id) => this.db.apiKey.findFirst({ where: { id, tenantId }, select: API_KEY_VIEW }),
      rows: ({ after, orderBy, take }) => this.db.apiKey.findMany({ where: { AND: [{ tenantId }, after] }, select: API_KEY_VIEW, orderBy, take }),
    });
  }

  findForUpdate(tx: Prisma.TransactionClient, tenantId: string, id: string): Promise<ApiKeyView | null> {
    return tx.apiKey.findFirst({ where: { id, tenantId }, select: API_KEY_VIEW });
  }

  revoke(tx: Prisma.TransactionClient, id: string, at: Date): Promise<ApiKeyView> {
    return tx.apiKey.update({ where: { id }, data: { revokedAt: at }, select: API_KEY_VIEW });
  }

  /** Revokes the live keys this user minted, and the keys those minted, transitively; answers the ones it revoked. */
  revokeMintedByUser(tx: Prisma.TransactionClient, userId: string, at: Date): Promise<{ id: string; tenantId: string }[]> {
    return tx.$queryRaw<{ id: string; tenantId: string }[]>`
      WITH RECURSIVE minted AS (
        SELECT id FROM api_keys WHERE created_by_user_id = ${userId}::uuid
        UNION SELECT k.id FROM api_keys k JOIN minted m ON k.created_by_api_key_id = m.id
      )
      UPDATE api_keys SET revoked_at = ${at} WHERE id IN (SELECT id FROM minted) AND revoked_at IS NULL
      RETURNING id::text AS "id", tenant_id::text AS "tenantId"`;
  }
}
