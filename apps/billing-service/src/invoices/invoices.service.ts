import { TOPICS } from '@llmchain/contracts';
import { ListQuery, OutboxWriter } from '@llmchain/platform';
import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { holdLedgerLockExclusive } from '../common/ledger-lock';
import { Period, periodEnd, periodOf, periodStart } from '../common/period';
import { TenantsService } from '../tenants/tenants.service';
import { ComputedInvoice, InvoiceComputation } from './invoice-computation.service';
import { InvoiceFilter, InvoicesRepository, InvoiceWithLines, Tx } from './invoices.repository';
import { UpcomingInvoice, upcomingInvoiceView } from './upcoming-invoice-view';

export type GeneratedInvoice = { invoice: InvoiceWithLines; created: boolean };

@Injectable()
export class InvoicesService {
  constructor(
    private readonly repository: InvoicesRepository,
    private readonly computation: InvoiceComputation,
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
      const computed = await this.computation.compute(tx, tenantId, period);
      if (!computed) throw new BadRequestException(`tenant ${tenantId} had no subscription in ${period}: nothing to invoice`);
      await this.repository.closePeriod(tx, tenantId, period);
      const number = await this.repository.nextNumber(tx);
      const { currency, totalMinor, lines } = computed;
      const invoice = await this.repository.create(tx, { tenantId, period, number, currency, totalMinor, lines });
      return { invoice, created: true };
    });
  }

  /**
   * The invoice the open period would get if no more usage arrived, computed as `generate` computes it, on one
   * read-only snapshot: nothing is closed, numbered or written.
   */
  async upcoming(tenantId: string, now = new Date()): Promise<UpcomingInvoice> {
    const tenant = await this.tenants.get(tenantId);
    const computed = await this.repository.snapshot((tx) => this.upcomingIn(tx, tenantId, now));
    return upcomingInvoiceView(computed, { id: tenant.id, name: tenant.name }, now);
  }

  /** The open period's computed invoice within a snapshot; 409 when no subscription covers the period. */
  async upcomingIn(tx: Tx, tenantId: string, now: Date): Promise<ComputedInvoice> {
    const period = periodOf(now);
    const computed = await this.computation.compute(tx, tenantId, period);
    if (!computed) {
      throw new ConflictException(
        `tenant ${tenantId} has no subscription in ${period}, so there is no upcoming invoice: subscribe it to a plan first (PUT /admin/tenants/${tenantId}/subscription)`,
      );
    }
    return computed;
  }

  async get(id: string, tenantId?: string): Promise<InvoiceWithLines> {
    const invoice = await this.repository.find(id, tenantId);
    if (!invoice) throw new NotFoundException(`invoice ${id} not found`);
    return invoice;
  }

  list(filter: InvoiceFilter, query: ListQuery) {
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
