import { Prisma } from '../generated/prisma/client';
import { PRICED_METERS, PricedMeter } from './meters';

export type PriceTier = { upToTokens: bigint | null; unitPricePer1kMinor: bigint };

export type PlanTerms = {
  label: string;
  monthlyFeeMinor: bigint;
  includedTokens: bigint;
  tiers: Record<PricedMeter, PriceTier[]>;
  /** Percent off the basis meter's price for batch tokens (0-100). */
  batchDiscountPercent: number;
};

export const WITH_TIERS = { tiers: { orderBy: [{ meter: 'asc' }, { tierIndex: 'asc' }] } } satisfies Prisma.PlanInclude;

export type PlanWithTiers = Prisma.PlanGetPayload<{ include: typeof WITH_TIERS }>;

/** A stored plan as the invoice calculator sees it. */
export function planTermsOf(plan: PlanWithTiers): PlanTerms {
  const tiers = Object.fromEntries(PRICED_METERS.map((meter) => [meter, [] as PlanTerms['tiers'][PricedMeter]])) as PlanTerms['tiers'];
  for (const tier of plan.tiers) tiers[tier.meter as PricedMeter].push({ upToTokens: tier.upToTokens, unitPricePer1kMinor: tier.unitPricePer1kMinor });
  return { label: `${plan.name} (${plan.code} v${plan.version})`, monthlyFeeMinor: plan.monthlyFeeMinor, includedTokens: plan.includedTokens, tiers, batchDiscountPercent: plan.batchDiscountPercent };
}

/** The API view: tiers grouped by meter, as plans are created. */
export function planView(plan: PlanWithTiers) {
  const { tiers, ...rest } = plan;
  return { ...rest, prices: planTermsOf(plan).tiers };
}
