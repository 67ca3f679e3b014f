import { PlanTerms, PRICED_METERS, PricedMeter } from '../invoices/invoice-calculator';
import { PlanWithTiers } from './plans.repository';

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
