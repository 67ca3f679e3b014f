import { CountedListPage, DATABASE, ListQuery, orderByKeys } from '@llmchain/platform';
import { Inject, Injectable } from '@nestjs/common';
import { countedKeysetPage } from '../common/list-page';
import { Prisma, PrismaClient } from '../generated/prisma/client';

const WITH_PLAN = { plan: { include: { tiers: { orderBy: [{ meter: 'asc' }, { tierIndex: 'asc' }] } } } } satisfies Prisma.SubscriptionInclude;

export type SubscriptionWithPlan = Prisma.SubscriptionGetPayload<{ include: typeof WITH_PLAN }>;

const SUBSCRIPTION_ORDER = { keys: ['startsOn', 'createdAt', 'id'], direction: 'asc' } as const;

@Injectable()
export class SubscriptionsRepository {
  constructor(@Inject(DATABASE) private readonly db: PrismaClient) {}

  transaction<R>(fn: (tx: Prisma.TransactionClient) => Promise<R>): Promise<R> {
    return this.db.$transaction(fn, { timeout: 30_000 });
  }

  /** Serialises subscription changes of one tenant. */
  async lockTenant(tx: Prisma.TransactionClient, tenantId: string): Promise<boolean> {
    const rows = await tx.$queryRawUnsafe<unknown[]>(`SELECT 1 FROM tenants WHERE id = $1::uuid FOR UPDATE`, tenantId);
    return rows.length > 0;
  }

  running(tx: Prisma.TransactionClient, tenantId: string) {
    return tx.subscription.findFirst({ where: { tenantId, endsOn: null }, include: WITH_PLAN });
  }

  latestClosedPeriod(tx: Prisma.TransactionClient, tenantId: string) {
    return tx.closedPeriod.findFirst({ where: { tenantId }, orderBy: { period: 'desc' } });
  }

  end(tx: Prisma.TransactionClient, id: string, endsOn: Date) {
    return tx.subscription.update({ where: { id }, data: { endsOn }, include: WITH_PLAN });
  }

  create(tx: Prisma.TransactionClient, tenantId: string, planId: string, startsOn: Date) {
    return tx.subscription.create({ data: { tenantId, planId, startsOn }, include: WITH_PLAN });
  }

  history(tenantId: string, db: Prisma.TransactionClient = this.db): Promise<SubscriptionWithPlan[]> {
    return db.subscription.findMany({ where: { tenantId }, include: WITH_PLAN, orderBy: orderByKeys(SUBSCRIPTION_ORDER) });
  }

  historyList(tenantId: string, query: ListQuery): Promise<CountedListPage<SubscriptionWithPlan>> {
    return countedKeysetPage(query, SUBSCRIPTION_ORDER, {
      count: () => this.db.subscription.count({ where: { tenantId } }),
      find: (id) => this.db.subscription.findFirst({ where: { id, tenantId }, include: WITH_PLAN }),
      rows: ({ after, orderBy, take }) => this.db.subscription.findMany({ where: { AND: [{ tenantId }, after] }, include: WITH_PLAN, orderBy, take }),
    });
  }

  current(tenantId: string) {
    return this.db.subscription.findFirst({ where: { tenantId, endsOn: null }, include: WITH_PLAN });
  }
}
