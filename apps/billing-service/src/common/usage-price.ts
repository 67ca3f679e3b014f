import { BATCH_METER_BASIS, BatchMeter, Meter, METERS } from './meters';
import { PlanTerms, PriceTier } from './plan-terms';

/** Money is priced in 1/100,000 of a minor unit: a price per 1,000 tokens times a paid percent, per token. */
export const MONEY_SCALE = 100_000n;

/** The terms that price usage: the invoice's included tokens, graduated tiers and batch discount. */
export type UsagePriceTerms = Pick<PlanTerms, 'includedTokens' | 'tiers' | 'batchDiscountPercent'>;

/** A meter's tiers and the percent of their price it pays (100 less the batch discount on the batch meters). */
export function meterPrice(terms: UsagePriceTerms, meter: Meter): { tiers: PriceTier[]; paidPercent: bigint } {
  if (Object.hasOwn(BATCH_METER_BASIS, meter)) return { tiers: terms.tiers[BATCH_METER_BASIS[meter as BatchMeter]], paidPercent: BigInt(100 - terms.batchDiscountPercent) };
  return { tiers: terms.tiers[meter as Exclude<Meter, BatchMeter>], paidPercent: 100n };
}

/**
 * The price of a meter's billable tokens [from, to) of a period through its graduated tiers, in 1/100,000 of a
 * minor unit (a price per 1,000 tokens times a paid percent, per token): exact, before the invoice rounds each line.
 */
export function tieredCost(terms: UsagePriceTerms, meter: Meter, from: bigint, to: bigint): bigint {
  const { tiers, paidPercent } = meterPrice(terms, meter);
  let cost = 0n;
  let lower = 0n;
  for (const tier of tiers) {
    const upper = tier.upToTokens ?? to;
    const start = from > lower ? from : lower;
    const end = to < upper ? to : upper;
    if (end > start) cost += (end - start) * tier.unitPricePer1kMinor * paidPercent;
    if (tier.upToTokens === null) break;
    lower = tier.upToTokens;
  }
  return cost;
}

/**
 * What a period's usage totals cost as its invoice prices them, in 1/100,000 of a minor unit: the included tokens
 * drawn by the meters in order, the rest through each meter's tiers. Adding usage never lowers it, so the price of
 * one event is the difference it makes, and the prices of a period's events in any order sum to its total.
 */
export function pricedUsage(terms: UsagePriceTerms, totals: Record<Meter, bigint>): bigint {
  let included = terms.includedTokens;
  let cost = 0n;
  for (const meter of METERS) {
    const tokens = totals[meter];
    const drawn = tokens < included ? tokens : included;
    included -= drawn;
    cost += tieredCost(terms, meter, 0n, tokens - drawn);
  }
  return cost;
}

/** The dearest price a token of these meters pays under the terms, per token in 1/100,000 of a minor unit. */
export function dearestUnitCost(terms: UsagePriceTerms, meters: readonly Meter[]): bigint {
  let dearest = 0n;
  for (const meter of meters) {
    const { tiers, paidPercent } = meterPrice(terms, meter);
    for (const tier of tiers) if (tier.unitPricePer1kMinor * paidPercent > dearest) dearest = tier.unitPricePer1kMinor * paidPercent;
  }
  return dearest;
}
