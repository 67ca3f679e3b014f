import { InvoiceLineDraft, LineSpan, TokenLines } from '../common/invoice-lines';
import { BATCH_METER_BASIS, BatchMeter, Meter, METERS } from '../common/meters';
import { mulDivRoundHalfUp } from '../common/minor-units';
import { PlanTerms, PriceTier } from '../common/plan-terms';

const isBatchMeter = (meter: Meter): meter is BatchMeter => Object.hasOwn(BATCH_METER_BASIS, meter);

/** A plan in force over the period's days [fromDay, toDay) (0-based day of the month). */
export type PlanSegment = { plan: PlanTerms; fromDay: number; toDay: number };

export type DailyUsage = { day: number; meter: Meter; tokens: bigint };

/** Usage of an earlier, already invoiced period that arrived after it closed, with the plan of its day. */
export type LateUsage = { usagePeriod: string; meter: Meter; tokens: bigint; plan: PlanTerms };

export type InvoiceInput = { daysInPeriod: number; segments: PlanSegment[]; usage: DailyUsage[]; adjustments: LateUsage[] };

export type CalculatedInvoice = { lines: InvoiceLineDraft[]; totalMinor: bigint; tokenLines: TokenLines };

/**
 * The invoice of one period, in integer minor units. Per plan segment: the monthly fee prorated by days, the
 * included tokens prorated by days and drawn by prompt, completion, then training tokens, the rest priced through
 * the meter's graduated tiers (each line rounded half up). A usage day outside every segment belongs to the segment
 * in force most recently before it (or the first one). Late usage of closed periods is priced with its own day's
 * plan, tiers counted from zero and no included tokens (those were settled with that period).
 */
export function calculateInvoice(input: InvoiceInput): CalculatedInvoice {
  const segments = input.segments.filter((s) => s.toDay > s.fromDay).sort((a, b) => a.fromDay - b.fromDay);
  if (segments.length === 0) throw new Error('an invoice needs at least one subscription day in the period');
  const usageBySegment = segments.map(() => new Map<Meter, bigint>());
  for (const { day, meter, tokens } of input.usage) {
    const totals = usageBySegment[segmentIndexForDay(segments, day)];
    totals.set(meter, (totals.get(meter) ?? 0n) + tokens);
  }
  const lines: InvoiceLineDraft[] = [];
  const tokenLines: TokenLines = {
    segments: segments.map((segment, index) => ({ fromDay: segment.fromDay, toDay: segment.toDay, spans: segmentLines(lines, segment, input.daysInPeriod, usageBySegment[index]) })),
    adjustments: adjustmentLines(lines, input.adjustments),
  };
  return { lines, totalMinor: lines.reduce((sum, line) => sum + line.amountMinor, 0n), tokenLines };
}

/** The segment that prices a day's usage: the last one starting on or before it, else the first. */
export function segmentIndexForDay(segments: readonly { fromDay: number }[], day: number): number {
  let index = 0;
  segments.forEach((segment, i) => {
    if (segment.fromDay <= day) index = i;
  });
  return index;
}

/** Appends a line and answers its position. */
function append(lines: InvoiceLineDraft[], line: InvoiceLineDraft): number {
  return lines.push(line) - 1;
}

function segmentLines(lines: InvoiceLineDraft[], segment: PlanSegment, daysInPeriod: number, usage: Map<Meter, bigint>): Record<Meter, LineSpan[]> {
  const { plan } = segment;
  const days = BigInt(segment.toDay - segment.fromDay);
  const wholeMonth = days === BigInt(daysInPeriod);
  const prorated = wholeMonth ? '' : `, prorated ${days}/${daysInPeriod} days (days ${segment.fromDay + 1}-${segment.toDay})`;
  append(lines, {
    kind: 'base_fee',
    description: `${plan.label}: monthly fee${prorated}`,
    quantity: days,
    unitPriceMinor: null,
    amountMinor: mulDivRoundHalfUp(plan.monthlyFeeMinor, days, BigInt(daysInPeriod)),
  });
  let included = (plan.includedTokens * days) / BigInt(daysInPeriod);
  const includedTotal = included;
  let includedUsed = 0n;
  const drawnBy = new Map<Meter, bigint>();
  for (const meter of METERS) {
    const tokens = usage.get(meter) ?? 0n;
    const drawn = tokens < included ? tokens : included;
    included -= drawn;
    includedUsed += drawn;
    drawnBy.set(meter, drawn);
  }
  const includedPosition = append(lines, {
    kind: 'included_tokens',
    description: `${plan.label}: included tokens used (${includedUsed} of ${includedTotal})`,
    quantity: includedUsed,
    unitPriceMinor: null,
    amountMinor: 0n,
  });
  const spans = {} as Record<Meter, LineSpan[]>;
  for (const meter of METERS) {
    const drawn = drawnBy.get(meter) ?? 0n;
    const includedSpan: LineSpan[] = drawn > 0n ? [{ position: includedPosition, kind: 'included_tokens', tier: null, from: 0n, to: drawn }] : [];
    const billable = (usage.get(meter) ?? 0n) - drawn;
    spans[meter] = [...includedSpan, ...tierLines(lines, 'metered', `${plan.label}: ${meterLabel(meter)} tokens`, pricing(plan, meter), billable, drawn)];
  }
  return spans;
}

function adjustmentLines(lines: InvoiceLineDraft[], adjustments: LateUsage[]): TokenLines['adjustments'] {
  const groups = new Map<string, LateUsage>();
  for (const late of adjustments) {
    const key = `${late.usagePeriod}\u0000${late.plan.label}\u0000${late.meter}`;
    const group = groups.get(key);
    groups.set(key, group ? { ...group, tokens: group.tokens + late.tokens } : { ...late });
  }
  const ordered = [...groups.values()].sort(
    (a, b) => a.usagePeriod.localeCompare(b.usagePeriod) || a.plan.label.localeCompare(b.plan.label) || METERS.indexOf(a.meter) - METERS.indexOf(b.meter),
  );
  return ordered.map((late) => ({
    usagePeriod: late.usagePeriod,
    planLabel: late.plan.label,
    meter: late.meter,
    spans: tierLines(lines, 'adjustment', `Late usage from ${late.usagePeriod}, ${late.plan.label}: ${meterLabel(late.meter)} tokens`, pricing(late.plan, late.meter), late.tokens, 0n),
  }));
}

/** How a meter's tokens are priced: its tiers, and the percent taken off each line (the batch discount). */
type MeterPricing = { tiers: PriceTier[]; discountPercent: number };

function pricing(plan: PlanTerms, meter: Meter): MeterPricing {
  if (isBatchMeter(meter)) return { tiers: plan.tiers[BATCH_METER_BASIS[meter]], discountPercent: plan.batchDiscountPercent };
  return { tiers: plan.tiers[meter], discountPercent: 0 };
}

const meterLabel = (meter: Meter) => meter.replace('_', ' ');

/**
 * Graduated pricing: each tier prices the tokens between the previous tier's bound and its own (less the discount,
 * rounded once per line). Answers where the lines lie in the meter's token stream, whose first `offset` tokens went
 * elsewhere (to the included tokens).
 */
function tierLines(lines: InvoiceLineDraft[], kind: 'metered' | 'adjustment', what: string, { tiers, discountPercent }: MeterPricing, tokens: bigint, offset: bigint): LineSpan[] {
  const discount = discountPercent > 0 ? ` less ${discountPercent}% batch discount` : '';
  const paidPercent = BigInt(100 - discountPercent);
  const spans: LineSpan[] = [];
  let lower = 0n;
  tiers.forEach((tier, index) => {
    const upper = tier.upToTokens === null || tier.upToTokens > tokens ? tokens : tier.upToTokens;
    const quantity = upper > lower ? upper - lower : 0n;
    if (quantity > 0n) {
      const range = tier.upToTokens === null ? `above ${lower}` : `${lower}-${tier.upToTokens}`;
      const position = append(lines, {
        kind,
        description: `${what}, tier ${index + 1} (${range}) at ${tier.unitPricePer1kMinor} per 1,000${discount}`,
        quantity,
        unitPriceMinor: tier.unitPricePer1kMinor,
        amountMinor: mulDivRoundHalfUp(quantity * tier.unitPricePer1kMinor, paidPercent, 100_000n),
      });
      spans.push({ position, kind, tier: index + 1, from: offset + lower, to: offset + upper });
    }
    if (tier.upToTokens !== null && tier.upToTokens > lower) lower = tier.upToTokens;
  });
  return spans;
}
