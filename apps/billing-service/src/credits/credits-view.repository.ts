import { DATABASE, ListQuery } from '@llmchain/platform';
import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { countedKeysetPage } from '../common/list-page';
import { CreditGrant, PrismaClient } from '../generated/prisma/client';
import { CreditHistoryQuery } from './credits.dto';

const GRANT_ORDER = { keys: ['createdAt', 'id'], direction: 'asc' } as const;

/** What tenants and admins read: the balance with its history, and grants. */
@Injectable()
export class CreditsViewRepository {
  constructor(@Inject(DATABASE) private readonly db: PrismaClient) {}

  async grant(tenantId: string, grantId: string) {
    const grant = await this.db.creditGrant.findFirst({ where: { id: grantId, tenantId } });
    if (!grant) throw new NotFoundException(`credit grant ${grantId} not found for tenant ${tenantId}`);
    return grantView(grant);
  }

  async grants(tenantId: string, query: ListQuery) {
    const where = { tenantId };
    const page = await countedKeysetPage(query, GRANT_ORDER, {
      count: () => this.db.creditGrant.count({ where }),
      find: (id) => this.db.creditGrant.findFirst({ where: { ...where, id } }),
      rows: ({ after, orderBy, take }) => this.db.creditGrant.findMany({ where: { AND: [where, after] }, orderBy, take }),
    });
    return { ...page, data: page.data.map(grantView) };
  }

  /**
   * The token balance and the money balance, the live grants of both in the order they are drawn, and the history
   * newest first (paged by `before`; each entry names its unit).
   */
  async balance(tenantId: string, query: CreditHistoryQuery) {
    const [account, live, history] = await this.db.$transaction([
      this.db.creditAccount.findUnique({ where: { tenantId } }),
      this.db.creditGrant.findMany({
        where: { tenantId, remaining: { gt: 0 }, voidedAt: null, expiredAt: null },
        orderBy: [{ priority: 'asc' }, { expiresAt: { sort: 'asc', nulls: 'last' } }, { createdAt: 'asc' }, { id: 'asc' }],
        take: 100,
      }),
      this.db.creditTransaction.findMany({
        where: { tenantId, ...(query.before ? { id: { lt: BigInt(query.before) } } : {}) },
        orderBy: { id: 'desc' },
        take: query.limit + 1,
      }),
    ]);
    const page = history.slice(0, query.limit);
    return {
      object: 'credit_balance',
      tenantId,
      unit: 'tokens',
      balance: account?.balance ?? 0n,
      enforced: account?.enforced ?? false,
      lowBalanceThreshold: account?.lowThreshold ?? null,
      topUp: account?.topUpThreshold != null ? { threshold: account.topUpThreshold, tokens: account.topUpTokens, priceMinor: account.topUpPriceMinor } : null,
      grants: live.filter((g) => g.unit === 'tokens').map(grantView),
      money: {
        currency: account?.moneyCurrency ?? null,
        balanceMinor: account?.moneyBalance ?? 0n,
        grants: live.filter((g) => g.unit !== 'tokens').map(grantView),
      },
      history: {
        data: page.map((t) => ({
          id: t.id.toString(),
          kind: t.kind,
          unit: t.unit,
          grantId: t.grantId,
          amount: t.amount,
          balanceAfter: t.balanceAfter,
          period: t.period,
          meter: t.meter,
          uncovered: t.uncovered,
          paidTokens: t.paidTokens,
          createdAt: t.createdAt,
        })),
        has_more: history.length > query.limit,
        next_before: history.length > query.limit ? page[page.length - 1].id.toString() : null,
      },
    };
  }
}

function grantView(g: CreditGrant) {
  const status = g.voidedAt ? 'void' : g.expiredAt ? 'expired' : 'active';
  return {
    id: g.id,
    tenantId: g.tenantId,
    unit: g.unit,
    amount: g.amount,
    remaining: g.remaining,
    priority: g.priority,
    expiresAt: g.expiresAt,
    reason: g.reason,
    source: g.source,
    grantedByUserId: g.grantedByUserId,
    status,
    voidedAt: g.voidedAt,
    expiredAt: g.expiredAt,
    createdAt: g.createdAt,
  };
}
