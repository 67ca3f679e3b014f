import { DATABASE } from '@llmchain/platform';
import { Inject, Injectable } from '@nestjs/common';
import { Prisma, PrismaClient } from '../generated/prisma/client';

/** What may be shown of a key after its creation: never the secret nor its hash. */
export const API_KEY_VIEW = { id: true, tenantId: true, name: true, prefix: true, scopes: true, expiresAt: true, revokedAt: true, createdAt: true } as const;

export type ApiKeyView = Prisma.ApiKeyGetPayload<{ select: typeof API_KEY_VIEW }>;

@Injectable()
export class ApiKeysRepository {
  constructor(@Inject(DATABASE) private readonly db: PrismaClient) {}

  transaction<R>(fn: (tx: Prisma.TransactionClient) => Promise<R>): Promise<R> {
    return this.db.$transaction(fn);
  }

  create(tx: Prisma.TransactionClient, data: Prisma.ApiKeyUncheckedCreateInput): Promise<ApiKeyView> {
    return tx.apiKey.create({ data, select: API_KEY_VIEW });
  }

  list(tenantId: string): Promise<ApiKeyView[]> {
    return this.db.apiKey.findMany({ where: { tenantId }, select: API_KEY_VIEW, orderBy: { createdAt: 'asc' } });
  }

  findForUpdate(tx: Prisma.TransactionClient, tenantId: string, id: string): Promise<ApiKeyView | null> {
    return tx.apiKey.findFirst({ where: { id, tenantId }, select: API_KEY_VIEW });
  }

  revoke(tx: Prisma.TransactionClient, id: string, at: Date): Promise<ApiKeyView> {
    return tx.apiKey.update({ where: { id }, data: { revokedAt: at }, select: API_KEY_VIEW });
  }
}
