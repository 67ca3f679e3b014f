import fc from 'fast-check';
import { Meter, PricedMeter } from '../common/meters';
import { PlanTerms, PriceTier } from '../common/plan-terms';
import { calculateInvoice, DailyUsage, InvoiceInput, LateUsage, PlanSegment } from './invoice-calculator';

/**
 * The invoice arithmetic against an independent calculation: plain numbers (exact below 2^53 at these sizes),
 * usage assigned to plans day by day, included tokens drawn in closed form, tiers priced by clamping.
 */
const METER_ORDER: PricedMeter[] = ['prompt', 'completion', 'training'];

const tiersArb: fc.Arbitrary<PriceTier[]> = fc
  .tuple(fc.uniqueArray(fc.integer({ min: 1, max: 20_000_000 }), { maxLength: 3 }), fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: 4, maxLength: 4 }))
  .map(([bounds, prices]) => {
    const sorted = [...bounds].sort((a, b) => a - b);
    return [...sorted.map((b, i) => ({ upToTokens: BigInt(b), unitPricePer1kMinor: BigInt(prices[i]) })), { upToTokens: null, unitPricePer1kMinor: BigInt(prices[sorted.length]) }];
  });

const planArb = (label: string): fc.Arbitrary<PlanTerms> =>
  fc.record({
    label: fc.constant(label),
    monthlyFeeMinor: fc.bigInt({ min: 0n, max: 10_000_000n }),
    includedTokens: fc.bigInt({ min: 0n, max: 30_000_000n }),
    batchDiscountPercent: fc.integer({ min: 0, max: 100 }),
    tiers: fc.record({ prompt: tiersArb, completion: tiersArb, training: tiersArb }),
  });

const inputArb: fc.Arbitrary<InvoiceInput> = fc.constantFrom(28, 29, 30, 31).chain((days) =>
  fc
    .record({
      cuts: fc.uniqueArray(fc.integer({ min: 0, max: days }), { minLength: 2, maxLength: 4 }),
      plans: fc.tuple(planArb('A'), planArb('B'), planArb('C')),
      usage: fc.array(
        fc.record({ day: fc.integer({ min: 0, max: days - 1 }), meter: fc.constantFrom<PricedMeter>(...METER_ORDER), tokens: fc.bigInt({ min: 0n, max: 8_000_000n }) }),
        { maxLength: 25 },
      ),
      late: fc.array(fc.record({ usagePeriod: fc.constantFrom('2026-01', '2026-02'), meter: fc.constantFrom<PricedMeter>(...METER_ORDER), tokens: fc.bigInt({ min: 1n, max: 5_000_000n }), plan: fc.integer({ min: 0, max: 2 }) }), { maxLength: 4 }),
    })
    .filter(({ cuts }) => new Set(cuts).size >= 2 && Math.max(...cuts) > Math.min(...cuts))
    .map(({ cuts, plans, usage, late }) => {
      const sorted = [...cuts].sort((a, b) => a - b);
      const segments: PlanSegment[] = sorted.slice(1).map((to, i) => ({ plan: plans[i], fromDay: sorted[i], toDay: to }));
      const adjustments: LateUsage[] = late.map((l) => ({ usagePeriod: l.usagePeriod, meter: l.meter, tokens: l.tokens, plan: plans[l.plan] }));
      return { daysInPeriod: days, segments: segments.filter((s) => s.toDay > s.fromDay), usage: usage as DailyUsage[], adjustments };
    }),
);

function tierCost(tiers: PriceTier[], tokens: number): number {
  let cost = 0;
  let lower = 0;
  for (const tier of tiers) {
    const upper = tier.upToTokens === null ? Infinity : Number(tier.upToTokens);
    const inTier = Math.max(0, Math.min(tokens, upper) - lower);
    if (inTier > 0) cost += Math.round((inTier * Number(tier.unitPricePer1kMinor)) / 1000);
    lower = upper;
  }
  return cost;
}

function independentTotal(input: InvoiceInput): number {
  const D = input.daysInPeriod;
  const segments = [...input.segments].sort((a, b) => a.fromDay - b.fromDay);
  const owner = new Array<number>(D).fill(0);
  segments.forEach((s, i) => {
    for (let d = s.fromDay; d < D; d++) owner[d] = i;
  });
  let total = 0;
  segments.forEach((segment, i) => {
    const days = segment.toDay - segment.fromDay;
    total += Math.round((Number(segment.plan.monthlyFeeMinor) * days) / D);
    const used = (meter: Meter) => input.usage.filter((u) => u.meter === meter && owner[u.day] === i).reduce((s, u) => s + Number(u.tokens), 0);
    const [p, c, t] = METER_ORDER.map(used);
    const included = Math.floor((Number(segment.plan.includedTokens) * days) / D);
    const billable = { prompt: Math.max(0, p - included), completion: Math.max(0, c - Math.max(0, included - p)), training: Math.max(0, t - Math.max(0, included - p - c)) };
    for (const meter of METER_ORDER) total += tierCost(segment.plan.tiers[meter], billable[meter]);
  });
  const groups = new Map<string, { tiers: PriceTier[]; tokens: number }>();
  for (const late of input.adjustments) {
    const key = `${late.usagePeriod}/${late.plan.label}/${late.meter}`;
    const group = groups.get(key) ?? { tiers: late.plan.tiers[late.meter as PricedMeter], tokens: 0 };
    group.tokens += Number(late.tokens);
    groups.set(key, group);
  }
  for (const group of groups.values()) total += tierCost(group.tiers, group.tokens);
  return total;
}

describe('calculateInvoice', () => {
  it('agrees with an independent calculation on random plans, tiers, proration and late usage', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        expect(calculateInvoice(input).totalMinor).toBe(BigInt(independentTotal(input)));
      }),
      { numRuns: 500 },
    );
  });

  it('accounts for every token once: included plus metered equals the usage', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const { lines, totalMinor } = calculateInvoice(input);
        const counted = lines.filter((l) => l.kind === 'included_tokens' || l.kind === 'metered').reduce((s, l) => s + l.quantity, 0n);
        expect(counted).toBe(input.usage.reduce((s, u) => s + u.tokens, 0n));
        const late = lines.filter((l) => l.kind === 'adjustment').reduce((s, l) => s + l.quantity, 0n);
        expect(late).toBe(input.adjustments.reduce((s, u) => s + u.tokens, 0n));
        expect(totalMinor).toBe(lines.reduce((s, l) => s + l.amountMinor, 0n));
        expect(lines.every((l) => l.amountMinor >= 0n)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('prorates a mid-month plan change by the day and says so', () => {
    const flat = (price: bigint): PlanTerms['tiers'] => ({
      prompt: [{ upToTokens: null, unitPricePer1kMinor: price }],
      completion: [{ upToTokens: null, unitPricePer1kMinor: price }],
      training: [{ upToTokens: null, unitPricePer1kMinor: price }],
    });
    const basic: PlanTerms = { label: 'Basic', monthlyFeeMinor: 3_000n, includedTokens: 0n, tiers: flat(10n), batchDiscountPercent: 50 };
    const pro: PlanTerms = { label: 'Pro', monthlyFeeMinor: 9_000n, includedTokens: 0n, tiers: flat(5n), batchDiscountPercent: 50 };
    const { lines, totalMinor } = calculateInvoice({
      daysInPeriod: 30,
      segments: [{ plan: basic, fromDay: 0, toDay: 10 }, { plan: pro, fromDay: 10, toDay: 30 }],
      usage: [{ day: 3, meter: 'prompt', tokens: 1_000n }, { day: 20, meter: 'prompt', tokens: 2_000n }],
      adjustments: [],
    });
    const fees = lines.filter((l) => l.kind === 'base_fee');
    expect(fees.map((l) => [l.description, l.amountMinor])).toEqual([
      ['Basic: monthly fee, prorated 10/30 days (days 1-10)', 1_000n],
      ['Pro: monthly fee, prorated 20/30 days (days 11-30)', 6_000n],
    ]);
    expect(totalMinor).toBe(1_000n + 6_000n + 10n + 10n);
  });

  it('prices graduated tiers per tier', () => {
    const plan: PlanTerms = {
      label: 'T',
      monthlyFeeMinor: 0n,
      includedTokens: 1_000n,
      batchDiscountPercent: 50,
      tiers: {
        prompt: [{ upToTokens: 10_000n, unitPricePer1kMinor: 100n }, { upToTokens: null, unitPricePer1kMinor: 50n }],
        completion: [{ upToTokens: null, unitPricePer1kMinor: 0n }],
        training: [{ upToTokens: null, unitPricePer1kMinor: 0n }],
      },
    };
    const { lines, totalMinor } = calculateInvoice({ daysInPeriod: 31, segments: [{ plan, fromDay: 0, toDay: 31 }], usage: [{ day: 0, meter: 'prompt', tokens: 21_000n }], adjustments: [] });
    expect(lines.filter((l) => l.kind === 'metered').map((l) => [l.quantity, l.amountMinor])).toEqual([[10_000n, 1_000n], [10_000n, 500n]]);
    expect(totalMinor).toBe(1_500n);
  });
});

describe('batch meters', () => {
  it('prices batch tokens through the prompt and completion tiers less the plan discount, after the included tokens', () => {
    const tiers = { prompt: [{ upToTokens: 10_000n, unitPricePer1kMinor: 3n }, { upToTokens: null, unitPricePer1kMinor: 2n }], completion: [{ upToTokens: null, unitPricePer1kMinor: 6n }], training: [{ upToTokens: null, unitPricePer1kMinor: 1n }] };
    const plan: PlanTerms = { label: 'B', monthlyFeeMinor: 0n, includedTokens: 1_000n, tiers, batchDiscountPercent: 50 };
    const usage: DailyUsage[] = [
      { day: 0, meter: 'batch_prompt', tokens: 13_001n },
      { day: 1, meter: 'batch_completion', tokens: 7_000n },
      { day: 1, meter: 'completion', tokens: 500n },
    ];
    const { lines, totalMinor } = calculateInvoice({ daysInPeriod: 30, segments: [{ plan, fromDay: 0, toDay: 30 }], usage, adjustments: [] });
    const metered = lines.filter((line) => line.kind === 'metered').map((line) => [line.description, line.quantity, line.amountMinor]);
    // Included: 500 completion, then 500 batch prompt. Batch prompt billable 12,501: 10,000 at 3 and 2,501 at 2, halved
    // and rounded half up per line (2.501 → 3).
    expect(metered).toEqual([
      ['B: batch prompt tokens, tier 1 (0-10000) at 3 per 1,000 less 50% batch discount', 10_000n, 15n],
      ['B: batch prompt tokens, tier 2 (above 10000) at 2 per 1,000 less 50% batch discount', 2_501n, 3n],
      ['B: batch completion tokens, tier 1 (above 0) at 6 per 1,000 less 50% batch discount', 7_000n, 21n],
    ]);
    expect(totalMinor).toBe(15n + 3n + 21n);
  });
});
