import { BATCH_METER_BASIS, BatchMeter, Meter, METERS, PricedMeter } from '../common/meters';
import { MONEY_SCALE } from '../common/usage-price';

/**
 * The dearest price a token of each meter can have, in 1/100,000 of a minor unit: its dearest tier's price per
 * 1,000 tokens less the batch discount on the batch meters. The live balance counts money in such tokens, so it
 * never lets usage past what the money pays; the usage itself is paid at the tier it falls in (drawMoney).
 */
export type MoneyPricing = { currency: string; unitCost: Record<Meter, bigint> };

export type PlanListPrices = { currency: string; batchDiscountPercent: number; dearestTierPer1kMinor: Partial<Record<PricedMeter, bigint>> };

export function moneyPricingOf(plan: PlanListPrices): MoneyPricing {
  const unitCost = {} as Record<Meter, bigint>;
  for (const meter of METERS) {
    const basis = Object.hasOwn(BATCH_METER_BASIS, meter) ? BATCH_METER_BASIS[meter as BatchMeter] : (meter as PricedMeter);
    const paidPercent = BigInt(basis === meter ? 100 : 100 - plan.batchDiscountPercent);
    unitCost[meter] = (plan.dearestTierPer1kMinor[basis] ?? 0n) * paidPercent;
  }
  return { currency: plan.currency, unitCost };
}

export type MoneyDraw = { paidTokens: bigint; minor: bigint; carry: bigint };

/**
 * Pays for `tokens` from `available` minor units, `costOf(k)` being the price of the first k of them in 1/100,000 of
 * a minor unit (the tiers they fall in: it never falls as k grows), the fraction below one minor unit carried: over
 * any run of draws that all pay in full, the minor units drawn are floor((first carry + Σ costs) / 100,000), however
 * the usage was split. When the money runs short, it pays for as many whole tokens as it covers.
 */
export function drawMoney(carry: bigint, tokens: bigint, costOf: (k: bigint) => bigint, available: bigint): MoneyDraw {
  const most = (available + 1n) * MONEY_SCALE - 1n - carry;
  let paidTokens = tokens;
  if (costOf(tokens) > most) {
    // The largest count the money covers: costOf(low) fits, costOf(high) does not.
    let [low, high] = [0n, tokens];
    while (high - low > 1n) {
      const middle = (low + high) / 2n;
      if (costOf(middle) <= most) low = middle;
      else high = middle;
    }
    paidTokens = low;
  }
  const owed = carry + costOf(paidTokens);
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
