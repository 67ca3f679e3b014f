import fc from 'fast-check';
import { calculateInvoice } from './invoice-calculator';
import { Meter, METERS, PricedMeter } from '../common/meters';
import { PlanTerms, PriceTier } from '../common/plan-terms';
import { dearestUnitCost, MONEY_SCALE, pricedUsage, tieredCost } from '../common/usage-price';

const tiersArb: fc.Arbitrary<PriceTier[]> = fc
  .tuple(fc.uniqueArray(fc.integer({ min: 1, max: 5_000_000 }), { maxLength: 3 }), fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: 4, maxLength: 4 }))
  .map(([bounds, prices]) => {
    const sorted = [...bounds].sort((a, b) => a - b);
    return [...sorted.map((b, i) => ({ upToTokens: BigInt(b), unitPricePer1kMinor: BigInt(prices[i]) })), { upToTokens: null, unitPricePer1kMinor: BigInt(prices[sorted.length]) }];
  });

const planArb: fc.Arbitrary<PlanTerms> = fc.record({
  label: fc.constant('P'),
  monthlyFeeMinor: fc.constant(0n),
  includedTokens: fc.bigInt({ min: 0n, max: 10_000_000n }),
  batchDiscountPercent: fc.integer({ min: 0, max: 100 }),
  tiers: fc.record({ prompt: tiersArb, completion: tiersArb, training: tiersArb }),
});

const totalsArb: fc.Arbitrary<Record<Meter, bigint>> = fc.record(Object.fromEntries(METERS.map((m) => [m, fc.bigInt({ min: 0n, max: 8_000_000n })])) as Record<Meter, fc.Arbitrary<bigint>>);

describe('usage priced as the invoice prices it', () => {
  it('equals the exact sum of the invoice’s metered lines (quantity × price × paid percent), which each round to their amount', () => {
    fc.assert(
      fc.property(planArb, totalsArb, (plan, totals) => {
        const invoice = calculateInvoice({ daysInPeriod: 30, segments: [{ plan, fromDay: 0, toDay: 30 }], usage: METERS.map((meter) => ({ day: 3, meter, tokens: totals[meter] })), adjustments: [] });
        let exact = 0n;
        for (const line of invoice.lines.filter((l) => l.kind === 'metered')) {
          const discount = /less (\d+)% batch discount/.exec(line.description);
          const scaled = line.quantity * line.unitPriceMinor! * BigInt(100 - Number(discount?.[1] ?? 0));
          expect(line.amountMinor).toBe((2n * scaled + MONEY_SCALE) / (2n * MONEY_SCALE));
          exact += scaled;
        }
        expect(pricedUsage(plan, totals)).toBe(exact);
      }),
      { numRuns: 300 },
    );
  });

  it('prices a range across a tier bound at each tier’s price, batch tokens less the discount', () => {
    const tiers = { prompt: [{ upToTokens: 1_000n, unitPricePer1kMinor: 20n }, { upToTokens: null, unitPricePer1kMinor: 10n }], completion: [{ upToTokens: null, unitPricePer1kMinor: 30n }], training: [{ upToTokens: null, unitPricePer1kMinor: 1n }] };
    const terms = { includedTokens: 0n, batchDiscountPercent: 50, tiers };
    // 100 tokens at 20 per 1,000 and 100 at 10 per 1,000: 3 minor units.
    expect(tieredCost(terms, 'prompt', 900n, 1_100n)).toBe(3n * MONEY_SCALE);
    expect(tieredCost(terms, 'batch_prompt', 900n, 1_100n)).toBe((3n * MONEY_SCALE) / 2n);
    expect(dearestUnitCost(terms, ['prompt', 'batch_completion'])).toBe(20n * 100n);
    expect(dearestUnitCost(terms, METERS)).toBe(30n * 100n);
  });

  it('draws the included tokens by meter order before any tier', () => {
    const flat = (price: bigint) => [{ upToTokens: null, unitPricePer1kMinor: price }];
    const terms = { includedTokens: 1_500n, batchDiscountPercent: 0, tiers: { prompt: flat(10n), completion: flat(20n), training: flat(40n) } as Record<PricedMeter, PriceTier[]> };
    const totals = { prompt: 1_000n, completion: 1_000n, training: 0n, batch_prompt: 0n, batch_completion: 0n };
    // Prompt's 1,000 and 500 of completion's are included: 500 completion tokens at 20 per 1,000 = 10 minor units.
    expect(pricedUsage(terms, totals)).toBe(10n * MONEY_SCALE);
  });
});
