import { CountedListPage, DATABASE, ListQuery } from '@llmchain/platform';
import { Inject, Injectable } from '@nestjs/common';
import { countedKeysetPage } from '../common/list-page';
import { PRICED_METERS, PricedMeter } from '../common/meters';
import { PlanWithTiers, WITH_TIERS } from '../common/plan-terms';
import { Prisma, PrismaClient } from '../generated/prisma/client';
import { PlanTermsDto } from './plans.dto';

const PLAN_ORDER = { keys: ['code', 'version'], direction: 'asc' } as const;

@Injectable()
export class PlansRepository {
  constructor(@Inject(DATABASE) private readonly db: PrismaClient) {}

  /** Creates the next version of a code; the unique (code, version) key settles two concurrent creations. */
  async createVersion(code: string, terms: PlanTermsDto, expectFirst: boolean): Promise<PlanWithTiers | 'exists' | 'missing'> {
    return this.db.$transaction(async (tx) => {
      const latest = await tx.plan.findFirst({ where: { code }, orderBy: { version: 'desc' }, select: { version: true } });
      if (expectFirst && latest) return 'exists';
      if (!expectFirst && !latest) return 'missing';
      const tiers = PRICED_METERS.flatMap((meter: PricedMeter) =>
        terms.prices[meter].map((tier, tierIndex) => ({ meter, tierIndex, upToTokens: tier.upToTokens, unitPricePer1kMinor: tier.unitPricePer1kMinor })),
      );
      return tx.plan.create({
        data: {
          code,
          version: (latest?.version ?? 0) + 1,
          name: terms.name,
          currency: terms.currency,
          monthlyFeeMinor: terms.monthlyFeeMinor,
          includedTokens: terms.includedTokens,
          requestsPerMinute: terms.requestsPerMinute,
          tokensPerMinute: terms.tokensPerMinute,
          quotaMode: terms.quotaMode,
          schedulingWeight: terms.schedulingWeight,
          maxConcurrentSequences: terms.maxConcurrentSequences,
          prepaid: terms.prepaid,
          batchDiscountPercent: terms.batchDiscountPercent,
          tiers: { create: tiers },
        },
        include: WITH_TIERS,
      });
    });
  }

  list(includeRetired: boolean, query: ListQuery): Promise<CountedListPage<PlanWithTiers>> {
    const where: Prisma.PlanWhereInput = includeRetired ? {} : { retiredAt: null };
    return countedKeysetPage(query, PLAN_ORDER, {
      count: () => this.db.plan.count({ where }),
      find: (id) => this.db.plan.findFirst({ where: { AND: [where, { id }] }, include: WITH_TIERS }),
      rows: ({ after, orderBy, take }) => this.db.plan.findMany({ where: { AND: [where, after] }, include: WITH_TIERS, orderBy, take }),
    });
  }

  find(id: string): Promise<PlanWithTiers | null> {
    return this.db.plan.findUnique({ where: { id }, include: WITH_TIERS });
  }

  retire(id: string, at: Date): Promise<PlanWithTiers> {
    return this.db.plan.update({ where: { id }, data: { retiredAt: at }, include: WITH_TIERS });
  }
}
