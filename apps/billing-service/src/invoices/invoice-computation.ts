import { Injectable } from '@nestjs/common';
import { dayIndexInPeriod, daysInPeriod, isoDay, Period, periodEnd, periodOf, periodStart } from '../common/period';
import { planTermsOf } from '../plans/plan-terms';
import { segmentsInPeriod, subscriptionOnDay } from '../subscriptions/subscription-segments';
import { SubscriptionsRepository } from '../subscriptions/subscriptions.repository';
import { calculateInvoice, DailyUsage, InvoiceLineDraft, LateUsage, LineSpan, Meter, segmentIndexForDay } from './invoice-calculator';
import { InvoicesRepository, Tx } from './invoices.repository';

/** Usage the invoice prices together (one plan segment, or one late period under one plan), and its lines per meter. */
export type UsageGroup = { key: string; spans: Partial<Record<Meter, LineSpan[]>> };

export type ComputedInvoice = {
  tenantId: string;
  period: Period;
  currency: string;
  lines: InvoiceLineDraft[];
  totalMinor: bigint;
  /** The group each usage day billed in the period belongs to, by ISO day. */
  groupOfDay: Map<string, UsageGroup>;
};

/**
 * A tenant's invoice for a period from its subscription history and the usage billed in the period so far: what a
 * generated invoice stores and what the upcoming-invoice preview shows, so the two cannot disagree.
 */
@Injectable()
export class InvoiceComputation {
  constructor(
    private readonly repository: InvoicesRepository,
    private readonly subscriptions: SubscriptionsRepository,
  ) {}

  /** Null when no subscription covered any day of the period. */
  async compute(tx: Tx, tenantId: string, period: Period): Promise<ComputedInvoice | null> {
    const history = await this.subscriptions.history(tenantId, tx);
    const segments = segmentsInPeriod(period, history).map((s) => ({ ...s, plan: planTermsOf(s.plan) }));
    if (segments.length === 0) return null;
    const start = periodStart(period);
    const usage: DailyUsage[] = [];
    const adjustments: LateUsage[] = [];
    const dayIndexOf = new Map<string, number>();
    const lateGroupOfDay = new Map<string, { usagePeriod: Period; planLabel: string }>();
    for (const row of await this.repository.billedUsage(tx, tenantId, period)) {
      const meter = row.meter as Meter;
      if (row.usageDay >= start) {
        const day = dayIndexInPeriod(period, row.usageDay);
        usage.push({ day, meter, tokens: row.tokens });
        dayIndexOf.set(isoDay(row.usageDay), day);
      } else {
        const subscription = subscriptionOnDay(history, row.usageDay);
        if (!subscription) continue;
        const late = { usagePeriod: periodOf(row.usageDay), meter, tokens: row.tokens, plan: planTermsOf(subscription.plan) };
        adjustments.push(late);
        lateGroupOfDay.set(isoDay(row.usageDay), { usagePeriod: late.usagePeriod, planLabel: late.plan.label });
      }
    }
    const { lines, totalMinor, tokenLines } = calculateInvoice({ daysInPeriod: daysInPeriod(period), segments, usage, adjustments });
    const currency = subscriptionOnDay(history, new Date(periodEnd(period).getTime() - 1))?.plan.currency ?? 'USD';

    const groupOfDay = new Map<string, UsageGroup>();
    for (const [day, index] of dayIndexOf) {
      const segment = segmentIndexForDay(tokenLines.segments, index);
      groupOfDay.set(day, { key: `segment ${segment}`, spans: tokenLines.segments[segment].spans });
    }
    for (const [day, { usagePeriod, planLabel }] of lateGroupOfDay) {
      const priced = tokenLines.adjustments.filter((a) => a.usagePeriod === usagePeriod && a.planLabel === planLabel);
      groupOfDay.set(day, { key: `late ${usagePeriod} ${planLabel}`, spans: Object.fromEntries(priced.map((a) => [a.meter, a.spans])) });
    }
    return { tenantId, period, currency, lines, totalMinor, groupOfDay };
  }
}
