import { CountedListPage, DATABASE, ListQuery } from '@llmchain/platform';
import { Inject, Injectable } from '@nestjs/common';
import { countedKeysetPage } from '../common/list-page';
import { Prisma, PrismaClient, Tenant } from '../generated/prisma/client';

const TENANT_ORDER = { keys: ['createdAt', 'id'], direction: 'asc' } as const;

export type TenantFilter = { status?: 'active' | 'suspended'; q?: string };

export type Tx = Prisma.TransactionClient;

@Injectable()
export class TenantsRepository {
  constructor(@Inject(DATABASE) private readonly db: PrismaClient) {}

  transaction<R>(fn: (tx: Tx) => Promise<R>): Promise<R> {
    return this.db.$transaction(fn, { timeout: 30_000, maxWait: 30_000 });
  }

  create(data: { name: string; contactEmail: string | null; billingEmail: string | null }) {
    return this.db.tenant.create({ data });
  }

  list(filter: TenantFilter, query: ListQuery): Promise<CountedListPage<Tenant>> {
    const where: Prisma.TenantWhereInput = {
      ...(filter.status ? { suspendedAt: filter.status === 'suspended' ? { not: null } : null } : {}),
      ...(filter.q ? { name: { contains: filter.q, mode: 'insensitive' } } : {}),
    };
    return countedKeysetPage(query, TENANT_ORDER, {
      count: () => this.db.tenant.count({ where }),
      find: (id) => this.db.tenant.findFirst({ where: { AND: [where, { id }] } }),
      rows: ({ after, orderBy, take }) => this.db.tenant.findMany({ where: { AND: [where, after] }, orderBy, take }),
    });
  }

  find(id: string) {
    return this.db.tenant.findUnique({ where: { id } });
  }

  update(id: string, data: Prisma.TenantUpdateInput) {
    return this.db.tenant.update({ where: { id }, data });
  }

  /** The tenant, locked until the transaction ends: suspensions, reactivations and deletion of one tenant take turns. */
  async lock(tx: Tx, id: string): Promise<Tenant | null> {
    const rows = await tx.$queryRawUnsafe<{ id: string }[]>(`SELECT id::text FROM tenants WHERE id = $1::uuid FOR UPDATE`, id);
    return rows.length === 0 ? null : tx.tenant.findUniqueOrThrow({ where: { id } });
  }

  setStatus(tx: Tx, id: string, data: { suspendedAt: Date | null; suspensionReason: string | null }): Promise<Tenant> {
    return tx.tenant.update({ where: { id }, data: { ...data, statusVersion: { increment: 1 } } });
  }

  /** What billing must keep: ledger rows (usage_ledger keys tenants by text) and invoices. */
  async billingRecords(tx: Tx, id: string): Promise<{ hasUsage: boolean; invoices: number }> {
    const usage = await tx.$queryRawUnsafe<unknown[]>(`SELECT 1 FROM usage_ledger WHERE tenant_id = $1 LIMIT 1`, id);
    return { hasUsage: usage.length > 0, invoices: await tx.invoice.count({ where: { tenantId: id } }) };
  }

  liveKeyIds(tx: Tx, id: string): Promise<{ id: string }[]> {
    return tx.apiKey.findMany({ where: { tenantId: id, revokedAt: null }, select: { id: true } });
  }

  /** Everything the tenant owns (sessions go with their users); only called once billingRecords found none. */
  async deleteWithAccounts(tx: Tx, id: string): Promise<void> {
    await tx.apiKey.deleteMany({ where: { tenantId: id } });
    await tx.user.deleteMany({ where: { tenantId: id } });
    await tx.subscription.deleteMany({ where: { tenantId: id } });
    await tx.quotaState.deleteMany({ where: { tenantId: id } });
    await tx.closedPeriod.deleteMany({ where: { tenantId: id } });
    await tx.tenant.delete({ where: { id } });
  }
}
