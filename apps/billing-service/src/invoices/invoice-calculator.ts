import { mulDivRoundHalfUp } from '../common/minor-units';

export type Meter = 'prompt' | 'completion' | 'training';

/** Included tokens are drawn by the meters in this order. */
export const METERS: readonly Meter[] = ['prompt', 'completion', 'training'];

export type PriceTier = { upToTokens: bigint | null; unitPricePer1kMinor: bigint };

export type PlanTerms = {
  label: string;
  monthlyFeeMinor: bigint;
  includedTokens: bigint;
  tiers: Record<Meter, PriceTier[]>;
};

/** A plan in force over the period's days [fromDay, toDay) (0-based day of the month). */
export type PlanSegment = { plan: PlanTerms; fromDay: number; toDay: number };

export type DailyUsage = { day: number; meter: Meter; tokens: bigint };

/** Usage of an earlier, already invoiced period that arrived after it closed, with the plan of its day. */
export type LateUsage = { usagePeriod: string; meter: Meter; tokens: bigint; plan: PlanTerms };

export type InvoiceInput = { daysInPeriod: number; segments: PlanSegment[]; usage: DailyUsage[]; adjustments: LateUsage[] };

export type InvoiceLineDraft = {
  kind: 'base_fee' | 'included_tokens' | 'metered' | 'adjustment';
  description: string;
  quantity: bigint;
  unitPriceMinor: bigint | null;
  amountMinor: bigint;
};

/**
 * The invoice of one period, in integer minor units. Per plan segment: the monthly fee prorated by days, the
 * included tokens prorated by days and drawn by prompt, completion, then training tokens, the rest priced through
 * the meter's graduated tiers (each line rounded half up). A usage day outside every segment belongs to the segment
 * in force most recently before it (or the first one). Late usage of closed periods is priced with its own day's
 * plan, tiers counted from zero and no included tokens (those were settled with that period).
 */
export function calculateInvoice(input: InvoiceInput): { lines: InvoiceLineDraft[]; totalMinor: bigint } {
  const segments = input.segments.filter((s) => s.toDay > s.fromDay).sort((a, b) => a.fromDay - b.fromDay);
  if (segments.length === 0) throw new Error('an invoice needs at least one subscription day in the period');
  const usageBySegment = segments.map(() => new Map<Meter, bigint>());
  for (const { day, meter, tokens } of input.usage) {
    const index = segmentIndexForDay(segments, day);
    const totals = usageBySegment[index];
    totals.set(meter, (totals.get(meter) ?? 0n) + tokens);
  }
  const lines: InvoiceLineDraft[] = [];
  segments.forEach((segment, index) => lines.push(...segmentLines(segment, input.daysInPeriod, usageBySegment[index])));
  lines.push(...adjustmentLines(input.adjustments));
  return { lines, totalMinor: lines.reduce((sum, line) => sum + line.amountMinor, 0n) };
}

function segmentIndexForDay(segments: PlanSegment[], day: number): number {
  let index = 0;
  segments.forEach((segment, i) => {
    if (segment.fromDay <= day) index = i;
  });
  return index;
}

function segmentLines(segment: PlanSegment, daysInPeriod: number, usage: Map<Meter, bigint>): InvoiceLineDraft[] {
  const { plan } = segment;
  const days = BigInt(segment.toDay - segment.fromDay);
  const wholeMonth = days === BigInt(daysInPeriod);
  const prorated = wholeMonth ? '' : `, prorated ${days}/${daysInPeriod} days (days ${segment.fromDay + 1}-${segment.toDay})`;
  const lines: InvoiceLineDraft[] = [
    {
      kind: 'base_fee',
      description: `${plan.label}: monthly fee${prorated}`,
      quantity: days,
      unitPriceMinor: null,
      amountMinor: mulDivRoundHalfUp(plan.monthlyFeeMinor, days, BigInt(daysInPeriod)),
    },
  ];
  let included = (plan.includedTokens * days) / BigInt(daysInPeriod);
  const includedTotal = included;
  let includedUsed = 0n;
  const billable = new Map<Meter, bigint>();
  for (const meter of METERS) {
    const tokens = usage.get(meter) ?? 0n;
    const drawn = tokens < included ? tokens : included;
    included -= drawn;
    includedUsed += drawn;
    billable.set(meter, tokens - drawn);
  }
  lines.push({
    kind: 'included_tokens',
    description: `${plan.label}: included tokens used (${includedUsed} of ${includedTotal})`,
    quantity: includedUsed,
    unitPriceMinor: null,
    amountMinor: 0n,
  });
  for (const meter of METERS) lines.push(...tierLines('metered', `${plan.label}: ${meter} tokens`, plan.tiers[meter], billable.get(meter) ?? 0n));
  return lines;
}

function adjustmentLines(adjustments: LateUsage[]): InvoiceLineDraft[] {
  const groups = new Map<string, LateUsage>();
  for (const late of adjustments) {
    const key = `${late.usagePeriod}\u0000${late.plan.label}\u0000${late.meter}`;
    const group = groups.get(key);
    groups.set(key, group ? { ...group, tokens: group.tokens + late.tokens } : { ...late });
  }
  const ordered = [...groups.values()].sort(
    (a, b) => a.usagePeriod.localeCompare(b.usagePeriod) || a.plan.label.localeCompare(b.plan.label) || METERS.indexOf(a.meter) - METERS.indexOf(b.meter),
  );
  return ordered.flatMap((late) =>
    tierLines('adjustment', `Late usage from ${late.usagePeriod}, ${late.plan.label}: ${late.meter} tokens`, late.plan.tiers[late.meter], late.tokens),
  );
}

/** Graduated pricing: each tier prices the tokens between the previous tier's bound and its own. */
function tierLines(kind: 'metered' | 'adjustment', what: string, tiers: PriceTier[], tokens: bigint): InvoiceLineDraft[] {
  const lines: InvoiceLineDraft[] = [];
  let lower = 0n;
  tiers.forEach((tier, index) => {
    const upper = tier.upToTokens === null || tier.upToTokens > tokens ? tokens : tier.upToTokens;
    const quantity = upper > lower ? upper - lower : 0n;
    if (quantity > 0n) {
      const range = tier.upToTokens === null ? `above ${lower}` : `${lower}-${tier.upToTokens}`;
      lines.push({
        kind,
        description: `${what}, tier ${index + 1} (${range}) at ${tier.unitPricePer1kMinor} per 1,000`,
        quantity,
        unitPriceMinor: tier.unitPricePer1kMinor,
        amountMinor: mulDivRoundHalfUp(quantity, tier.unitPricePer1kMinor, 1000n),
      });
    }
    if (tier.upToTokens !== null && tier.upToTokens > lower) lower = tier.upToTokens;
  });
  return lines;
}
