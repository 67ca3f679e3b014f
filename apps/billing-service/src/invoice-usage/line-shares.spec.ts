import fc from 'fast-check';
import { Meter, PricedMeter } from '../common/meters';
import { PlanTerms, PriceTier } from '../common/plan-terms';
import { calculateInvoice, segmentIndexForDay } from '../invoices/invoice-calculator';
import { lineShares } from './line-shares';

const METER_ORDER: PricedMeter[] = ['prompt', 'completion', 'training'];

const tiersArb: fc.Arbitrary<PriceTier[]> = fc
  .uniqueArray(fc.integer({ min: 1, max: 50_000 }), { maxLength: 3 })
  .map((bounds) => [...[...bounds].sort((a, b) => a - b).map((b, i) => ({ upToTokens: BigInt(b), unitPricePer1kMinor: BigInt(10 + i) })), { upToTokens: null, unitPricePer1kMinor: 1n }]);

const planArb = (label: string): fc.Arbitrary<PlanTerms> =>
  fc.record({
    label: fc.constant(label),
    monthlyFeeMinor: fc.constant(1_000n),
    includedTokens: fc.bigInt({ min: 0n, max: 60_000n }),
    batchDiscountPercent: fc.constant(50),
    tiers: fc.record({ prompt: tiersArb, completion: tiersArb, training: tiersArb }),
  });

type Event = { day: number; meter: Meter; tokens: bigint; late: boolean };

const caseArb = fc.record({
  cut: fc.integer({ min: 1, max: 29 }),
  plans: fc.tuple(planArb('A'), planArb('B')),
  events: fc.array(
    fc.record({ day: fc.integer({ min: 0, max: 29 }), meter: fc.constantFrom(...METER_ORDER), tokens: fc.bigInt({ min: 1n, max: 20_000n }), late: fc.boolean() }),
    { minLength: 1, maxLength: 40 },
  ),
});

describe('lineShares', () => {
  it('splits events, taken in order, over the lines so that every line\'s quantity is the sum of its shares', () => {
    fc.assert(
      fc.property(caseArb, ({ cut, plans, events }) => {
        const segments = [
          { plan: plans[0], fromDay: 0, toDay: cut },
          { plan: plans[1], fromDay: cut, toDay: 30 },
        ];
        const inPeriod = events.filter((e) => !e.late);
        const late = events.filter((e) => e.late);
        const { lines, tokenLines } = calculateInvoice({
          daysInPeriod: 30,
          segments,
          usage: inPeriod.map(({ day, meter, tokens }) => ({ day, meter, tokens })),
          adjustments: late.map(({ meter, tokens }) => ({ usagePeriod: '2026-01', meter, tokens, plan: plans[0] })),
        });
        const streamOf = (event: Event) => {
          if (event.late) return { key: `late ${event.meter}`, spans: tokenLines.adjustments.find((a) => a.meter === event.meter)!.spans };
          const index = segmentIndexForDay(tokenLines.segments, event.day);
          return { key: `${index} ${event.meter}`, spans: tokenLines.segments[index].spans[event.meter] };
        };
        const before = new Map<string, bigint>();
        const billed = new Map<number, bigint>();
        for (const event of events) {
          const { key, spans } = streamOf(event);
          const shares = lineShares(spans, before.get(key) ?? 0n, event.tokens);
          expect(shares.reduce((sum, s) => sum + s.tokens, 0n)).toBe(event.tokens);
          for (const share of shares) {
            expect(lines[share.position].kind).toBe(share.kind);
            billed.set(share.position, (billed.get(share.position) ?? 0n) + share.tokens);
          }
          before.set(key, (before.get(key) ?? 0n) + event.tokens);
        }
        lines.forEach((line, position) => {
          if (line.kind !== 'base_fee') expect({ position, tokens: billed.get(position) ?? 0n }).toEqual({ position, tokens: line.quantity });
        });
      }),
      { numRuns: 300 },
    );
  });

  it('gives the first tokens of a segment to the included line and the rest to the tiers in order', () => {
    const tiers = [
      { upToTokens: 100n, unitPricePer1kMinor: 20n },
      { upToTokens: null, unitPricePer1kMinor: 10n },
    ];
    const plan: PlanTerms = { label: 'P', monthlyFeeMinor: 0n, includedTokens: 50n, tiers: { prompt: tiers, completion: tiers, training: tiers }, batchDiscountPercent: 50 };
    const { tokenLines } = calculateInvoice({ daysInPeriod: 30, segments: [{ plan, fromDay: 0, toDay: 30 }], usage: [{ day: 0, meter: 'prompt', tokens: 200n }], adjustments: [] });
    const spans = tokenLines.segments[0].spans.prompt;
    expect(lineShares(spans, 0n, 40n)).toEqual([{ position: 1, kind: 'included_tokens', tier: null, tokens: 40n }]);
    expect(lineShares(spans, 40n, 120n)).toEqual([
      { position: 1, kind: 'included_tokens', tier: null, tokens: 10n },
      { position: 2, kind: 'metered', tier: 1, tokens: 100n },
      { position: 3, kind: 'metered', tier: 2, tokens: 10n },
    ]);
    expect(lineShares(spans, 160n, 40n)).toEqual([{ position: 3, kind: 'metered', tier: 2, tokens: 40n }]);
  });
});
