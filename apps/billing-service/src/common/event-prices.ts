import { Meter, METERS, noTokens } from './meters';
import { pricedUsage, UsagePriceTerms } from './usage-price';

export type PricedUsage = { tenantId: string; billedPeriod: string; usageDay: string; tokens: Record<Meter, number | bigint> };

/** `${tenantId}\0${billedPeriod}` */
export const periodKey = (tenantId: string, billedPeriod: string) => `${tenantId}\u0000${billedPeriod}`;
/** `${tenantId}\0${usageDay}` */
export const dayKey = (tenantId: string, usageDay: string) => `${tenantId}\u0000${usageDay}`;

/**
 * The price of each event, in order, in 1/100,000 of a minor unit: what it adds to its billed period's usage as the
 * invoice prices it (pricedUsage) under the plan of its day, counted on from `totalsBefore` (the period's usage
 * before these events). The prices of a period's events sum to the period's priced usage, whatever their order.
 * An event of a day without a plan costs nothing.
 */
export function eventPrices(events: readonly PricedUsage[], totalsBefore: Map<string, Record<Meter, bigint>>, termsByDay: Map<string, UsagePriceTerms | null>): bigint[] {
  const totals = new Map<string, Record<Meter, bigint>>();
  return events.map((event) => {
    const key = periodKey(event.tenantId, event.billedPeriod);
    const before = totals.get(key) ?? { ...(totalsBefore.get(key) ?? noTokens()) };
    const after = { ...before };
    for (const meter of METERS) after[meter] += BigInt(event.tokens[meter]);
    totals.set(key, after);
    const terms = termsByDay.get(dayKey(event.tenantId, event.usageDay));
    return terms ? pricedUsage(terms, after) - pricedUsage(terms, before) : 0n;
  });
}
