import { BATCH_METER_BASIS, BatchMeter, Meter, METERS, PricedMeter } from '../common/meters';
import { MONEY_SCALE } from '../common/usage-price';

/**
 * What money credits pay per token of each meter, in 1/100,000 of a minor unit: the plan's list price (its first
 * tier's price per 1,000 tokens) less the batch discount on the batch meters. Money credits pay for usage at the
 * list price; tiers further up the invoice's graduated pricing stay billed there.
 */
export type MoneyPricing = { currency: string; unitCost: Record<Meter, bigint> };

export type PlanListPrices = { currency: string; batchDiscountPercent: number; firstTierPer1kMinor: Partial<Record<PricedMeter, bigint>> };

export function moneyPricingOf(plan: PlanListPrices): MoneyPricing {
  const unitCost = {} as Record<Meter, bigint>;
  for (const meter of METERS) {
    const basis = Object.hasOwn(BATCH_METER_BASIS, meter) ? BATCH_METER_BASIS[meter as BatchMeter] : (meter as PricedMeter);
    const paidPercent = BigInt(basis === meter ? 100 : 100 - plan.batchDiscountPercent);
    unitCost[meter] = (plan.firstTierPer1kMinor[basis] ?? 0n) * paidPercent;
  }
  return { currency: plan.currency, unitCost };
}

export type MoneyDraw = { paidTokens: bigint; minor: bigint; carry: bigint };

/**
 * Pays for `tokens` at `unitCost` from `available` minor units, the fraction below one minor unit carried: over any
 * run of draws that all pay in full, the minor units drawn are floor((first carry + Σ tokens × unitCost) / 100,000),
 * however the usage was split. When the money runs short, it pays for as many whole tokens as it covers.
 */
export function drawMoney(carry: bigint, tokens: bigint, unitCost: bigint, available: bigint): MoneyDraw {
  const affordable = ((available + 1n) * MONEY_SCALE - 1n - carry) / unitCost;
  const paidTokens = tokens < affordable ? tokens : affordable > 0n ? affordable : 0n;
  const owed = carry + paidTokens * unitCost;
  return { paidTokens, minor: owed / MONEY_SCALE, carry: owed % MONEY_SCALE };
}

/**
 * The tokens a money balance stands for in the live balance serving and training enforce: as many of the plan's
 * dearest tokens as it pays for, so live admission never lets usage past what the money covers.
 */
export function liveTokensOf(moneyBalance: bigint, pricing: MoneyPricing | null): bigint {
  if (!pricing || moneyBalance <= 0n) return 0n;
  const dearest = METERS.reduce((max, meter) => (pricing.unitCost[meter] > max ? pricing.unitCost[meter] : max), 0n);
  return dearest === 0n ? 0n : (moneyBalance * MONEY_SCALE) / dearest;
}
