import fc from 'fast-check';
import { Meter, METERS, noTokens } from './meters';
import { pricedUsage, UsagePriceTerms } from './usage-price';
import { dayKey, eventPrices, periodKey } from './event-prices';

const terms: UsagePriceTerms = {
  includedTokens: 3_000n,
  batchDiscountPercent: 50,
  tiers: {
    prompt: [{ upToTokens: 5_000n, unitPricePer1kMinor: 7n }, { upToTokens: null, unitPricePer1kMinor: 3n }],
    completion: [{ upToTokens: 2_000n, unitPricePer1kMinor: 11n }, { upToTokens: null, unitPricePer1kMinor: 13n }],
    training: [{ upToTokens: null, unitPricePer1kMinor: 1n }],
  },
};

const eventArb = fc.record({
  billedPeriod: fc.constantFrom('2026-11', '2026-12'),
  tokens: fc.record(Object.fromEntries(METERS.map((m) => [m, fc.integer({ min: 0, max: 3_000 })])) as Record<Meter, fc.Arbitrary<number>>),
});

describe('event prices', () => {
  it('sum, per billed period and in any order, to the period’s usage priced whole, counted on from the usage before', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 30 }), fc.bigInt({ min: 0n, max: 10_000n }), (drawn, priorPrompt) => {
        const events = drawn.map((e) => ({ tenantId: 't', usageDay: `${e.billedPeriod}-03`, ...e }));
        const before = new Map([[periodKey('t', '2026-11'), { ...noTokens(), prompt: priorPrompt }]]);
        const days = new Map([[dayKey('t', '2026-11-03'), terms], [dayKey('t', '2026-12-03'), terms]]);
        const prices = eventPrices(events, before, days);
        for (const period of ['2026-11', '2026-12']) {
          const start = before.get(periodKey('t', period)) ?? noTokens();
          const end = { ...start };
          let sum = 0n;
          events.forEach((e, i) => {
            if (e.billedPeriod !== period) return;
            for (const meter of METERS) end[meter] += BigInt(e.tokens[meter]);
            sum += prices[i];
          });
          expect(sum).toBe(pricedUsage(terms, end) - pricedUsage(terms, start));
        }
        for (const price of prices) expect(price).toBeGreaterThanOrEqual(0n);
      }),
      { numRuns: 200 },
    );
  });

  it('charges nothing for a day without a plan', () => {
    expect(eventPrices([{ tenantId: 't', billedPeriod: '2026-12', usageDay: '2026-12-01', tokens: { ...noTokens(), prompt: 10_000n } }], new Map(), new Map())).toEqual([0n]);
  });
});
