import { TOPICS } from '@llmchain/contracts';
import { OutboxWriter } from '@llmchain/platform';
import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { ListQuery } from '../common/list-page';
import { dayIndexInPeriod, daysInPeriod, Period, periodEnd, periodOf, periodStart } from '../common/period';
import { holdLedgerLockExclusive } from '../ledger/ledger-lock';
import { planTermsOf } from '../plans/plan-terms';
import { segmentsInPeriod, subscriptionOnDay } from '../subscriptions/subscription-segments';
import { SubscriptionsRepository } from '../subscriptions/subscriptions.repository';
import { TenantsService } from '../tenants/tenants.service';
import { calculateInvoice, DailyUsage, LateUsage, Meter } from './invoice-calculator';
import { InvoiceFilter, InvoicesRepository, InvoiceWithLines, Tx } from './invoices.repository';

export type GeneratedInvoice = { invoice: InvoiceWithLines; created: boolean };

@Injectable()
export class InvoicesService {
  constructor(
    private readonly repository: InvoicesRepository,
    private readonly subscriptions: SubscriptionsRepository,
    private readonly tenants: TenantsService,
    private readonly outbox: OutboxWriter,
  ) {}

  /**
   * The draft invoice of an ended period. Generating it closes the period for the tenant: usage for it arriving
   * later is billed on the next invoice as an adjustment. A second call returns the first invoice.
   */
  async generate(tenantId: string, period: Period, now = new Date()): Promise<GeneratedInvoice> {
    if (periodEnd(period) > now) throw new BadRequestException(`period ${period} has not ended yet: invoices are generated for closed months`);
    await this.tenants.get(tenantId);
    return this.repository.transaction(async (tx) => {
      await holdLedgerLockExclusive(tx);
      const existing = await this.repository.findForPeriod(tx, tenantId, period);
      if (existing) return { invoice: existing, created: false };
      const history = await this.subscriptions.history(tenantId, tx);
      const segments = segmentsInPeriod(period, history).map((s) => ({ ...s, plan: planTermsOf(s.plan) }));
      if (segments.length === 0) throw new BadRequestException(`tenant ${tenantId} had no subscription in ${period}: nothing to invoice`);
      await this.repository.closePeriod(tx, tenantId, period);
      const { usage, adjustments } = await this.usageOf(tx, tenantId, period, history);
      const { lines, totalMinor } = calculateInvoice({ daysInPeriod: daysInPeriod(period), segments, usage, adjustments });
      const currency = subscriptionOnDay(history, new Date(periodEnd(period).getTime() - 1))?.plan.currency ?? 'USD';
      const number = await this.repository.nextNumber(tx);
      const invoice = await this.repository.create(tx, { tenantId, period, number, currency, totalMinor, lines });
      return { invoice, created: true };
    });
  }

  private async usageOf(tx: Tx, tenantId: string, period: Period, history: Awaited<ReturnType<SubscriptionsRepository['history']>>) {
    const usage: DailyUsage[] = [];
    const adjustments: LateUsage[] = [];
    const start = periodStart(period);
    for (const row of await this.repository.billedUsage(tx, tenantId, period)) {
      const meter = row.meter as Meter;
      if (row.usageDay >= start) {
        usage.push({ day: dayIndexInPeriod(period, row.usageDay), meter, tokens: row.tokens });
      } else {
        const subscription = subscriptionOnDay(history, row.usageDay);
        if (!subscription) continue;
        adjustments.push({ usagePeriod: periodOf(row.usageDay), meter, tokens: row.tokens, plan: planTermsOf(subscription.plan) });
      }
    }
    return { usage, adjustments };
  }

  async get(id: string, tenantId?: string): Promise<InvoiceWithLines> {
    const invoice = await this.repository.find(id, tenantId);
    if (!invoice) throw new NotFoundException(`invoice ${id} not found`);
    return invoice;
  }

  list(filter: InvoiceFilter, query: ListQuery = {}) {
    return this.repository.list(filter, query);
  }

  /** draft → issued, with `invoice.issued` in the same transaction. */
  issue(id: string): Promise<InvoiceWithLines> {
    return this.repository.transaction(async (tx) => {
      const invoice = await this.repository.transition(tx, id, ['draft'], 'issued', { issuedAt: new Date() });
      if (!invoice) throw await this.refused(id, 'issue', 'only a draft can be issued');
      await this.outbox.write(tx, [
        {
          topic: TOPICS.invoiceIssued,
          key: invoice.tenantId,
          data: { tenantId: invoice.tenantId, invoiceId: invoice.id, number: invoice.number, period: invoice.period, currency: invoice.currency, totalMinor: invoice.totalMinor.toString() },
        },
      ]);
      return invoice;
    });
  }

  markPaid(id: string): Promise<InvoiceWithLines> {
    return this.repository.transaction(async (tx) => {
      const invoice = await this.repository.transition(tx, id, ['issued'], 'paid', { paidAt: new Date() });
      if (!invoice) throw await this.refused(id, 'mark paid', 'only an issued invoice can be paid');
      return invoice;
    });
  }

  void(id: string): Promise<InvoiceWithLines> {
    return this.repository.transaction(async (tx) => {
      const invoice = await this.repository.transition(tx, id, ['draft', 'issued'], 'void', { voidedAt: new Date() });
      if (!invoice) throw await this.refused(id, 'void', 'a paid or void invoice cannot be voided');
      return invoice;
    });
  }

  private async refused(id: string, action: string, rule: string): Promise<Error> {
    const invoice = await this.repository.find(id);
    if (!invoice) return new NotFoundException(`invoice ${id} not found`);
    return new ConflictException(`cannot ${action} invoice ${invoice.number}: it is ${invoice.status}, and ${rule}`);
  }

  /** The monthly run: a draft for every tenant that had a subscription in the period and has no invoice for it. */
  async generateDue(period: Period, now = new Date()): Promise<{ period: Period; generated: number }> {
    const tenants = await this.repository.tenantsDue(period, periodStart(period), periodEnd(period));
    let generated = 0;
    for (const tenantId of tenants) if ((await this.generate(tenantId, period, now)).created) generated += 1;
    return { period, generated };
  }
}
