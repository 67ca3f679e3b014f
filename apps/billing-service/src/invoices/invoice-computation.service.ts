import { Injectable } from '@nestjs/common';
import { InvoiceLineDraft, LineSpan, TokenLines } from '../common/invoice-lines';
import { Meter, METERS, noTokens } from '../common/meters';
import { dayIndexInPeriod, daysInPeriod, isoDay, Period, periodEnd, periodOf, periodStart } from '../common/period';
import { planTermsOf } from '../common/plan-terms';
import { segmentsInPeriod, subscriptionOnDay } from '../common/subscription-segments';
import { CreditsRepository } from '../credits/credits.repository';
import { SubscriptionsRepository } from '../subscriptions/subscriptions.repository';
import { creditLines } from './credit-invoice-lines';
import { calculateInvoice, DailyUsage, LateUsage, segmentIndexForDay } from './invoice-calculator';
import { InvoicesRepository, Tx } from './invoices.repository';

/**
 * How the invoice bills one day's usage. The day belongs to a usage group the invoice prices together (one plan
 * segment, or one late period under one plan), whose tokens of each meter fill `spans` in order; the group's earlier
 * days took the first `before` of them.
 */
export type DayBilling = { spans: Partial<Record<Meter, LineSpan[]>>; before: Record<Meter, bigint> };

export type ComputedInvoice = {
  tenantId: string;
  period: Period;
  currency: string;
  lines: InvoiceLineDraft[];
  totalMinor: bigint;
  /** Every usage day billed in the period, by ISO day. */
  billingOfDay: Map<string, DayBilling>;
};

type MeterTokens = Record<Meter, bigint>;

/** Where each day's usage went: the in-period days by day of the month, late days by their period and plan. */
type UsageDays = { tokens: Map<string, MeterTokens>; inPeriod: Map<string, number>; late: Map<string, { usagePeriod: Period; planLabel: string }> };

/**
 * A tenant's invoice for a period from its subscription history and the usage billed in the period so far: what a
 * generated invoice stores and what the upcoming-invoice preview shows, so the two cannot disagree.
 */
@Injectable()
export class InvoiceComputation {
  constructor(
    private readonly repository: InvoicesRepository,
    private readonly subscriptions: SubscriptionsRepository,
    private readonly credits: CreditsRepository,
  ) {}

  /** Null when no subscription covered any day of the period. */
  async compute(tx: Tx, tenantId: string, period: Period): Promise<ComputedInvoice | null> {
    const history = await this.subscriptions.history(tenantId, tx);
    const segments = segmentsInPeriod(period, history).map((s) => ({ ...s, plan: planTermsOf(s.plan) }));
    if (segments.length === 0) return null;
    const start = periodStart(period);
    const usage: DailyUsage[] = [];
    const adjustments: LateUsage[] = [];
    const days: UsageDays = { tokens: new Map(), inPeriod: new Map(), late: new Map() };
    for (const row of await this.repository.billedUsage(tx, tenantId, period)) {
      const meter = row.meter as Meter;
      const day = isoDay(row.usageDay);
      const onDay = days.tokens.get(day) ?? days.tokens.set(day, noTokens()).get(day)!;
      onDay[meter] += row.tokens;
      if (row.usageDay >= start) {
        const index = dayIndexInPeriod(period, row.usageDay);
        usage.push({ day: index, meter, tokens: row.tokens });
        days.inPeriod.set(day, index);
      } else {
        const subscription = subscriptionOnDay(history, row.usageDay);
        if (!subscription) continue;
        const late = { usagePeriod: periodOf(row.usageDay), meter, tokens: row.tokens, plan: planTermsOf(subscription.plan) };
        adjustments.push(late);
        days.late.set(day, { usagePeriod: late.usagePeriod, planLabel: late.plan.label });
      }
    }
    const { lines, tokenLines } = calculateInvoice({ daysInPeriod: daysInPeriod(period), segments, usage, adjustments });
    const credited = await this.credits.creditedTokens(tx, tenantId, period);
    const money = await this.credits.creditedMoney(tx, tenantId, period);
    const purchases = await this.credits.purchases(tx, tenantId, period);
    lines.push(...creditLines(lines, tokenLines, { credited, money, purchases }));
    const totalMinor = lines.reduce((sum, line) => sum + line.amountMinor, 0n);
    const currency = subscriptionOnDay(history, new Date(periodEnd(period).getTime() - 1))?.plan.currency ?? 'USD';
    return { tenantId, period, currency, lines, totalMinor, billingOfDay: billingOfDays(tokenLines, days) };
  }
}

function billingOfDays(tokenLines: TokenLines, days: UsageDays): Map<string, DayBilling> {
  const groupOfDay = new Map<string, { group: string; spans: DayBilling['spans'] }>();
  for (const [day, index] of days.inPeriod) {
    const segment = segmentIndexForDay(tokenLines.segments, index);
    groupOfDay.set(day, { group: `segment ${segment}`, spans: tokenLines.segments[segment].spans });
  }
  for (const [day, { usagePeriod, planLabel }] of days.late) {
    const priced = tokenLines.adjustments.filter((a) => a.usagePeriod === usagePeriod && a.planLabel === planLabel);
    groupOfDay.set(day, { group: `late ${usagePeriod} ${planLabel}`, spans: Object.fromEntries(priced.map((a) => [a.meter, a.spans])) });
  }
  const billing = new Map<string, DayBilling>();
  const taken = new Map<string, MeterTokens>();
  for (const day of [...groupOfDay.keys()].sort()) {
    const { group, spans } = groupOfDay.get(day)!;
    const before = taken.get(group) ?? noTokens();
    const onDay = days.tokens.get(day)!;
    billing.set(day, { spans, before });
    taken.set(group, Object.fromEntries(METERS.map((meter) => [meter, before[meter] + onDay[meter]])) as MeterTokens);
  }
  return billing;
}
