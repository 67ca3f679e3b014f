import { CountedListPage, unknownCursor } from '@llmchain/platform';
import { ConflictException, Injectable } from '@nestjs/common';
import { InvoiceLineDraft } from '../common/invoice-lines';
import { Meter, METERS, noTokens } from '../common/meters';
import { isoDay } from '../common/period';
import { ComputedInvoice, InvoiceComputation } from '../invoices/invoice-computation.service';
import { Tx } from '../invoices/invoices.repository';
import { InvoicesService } from '../invoices/invoices.service';
import { TenantsService } from '../tenants/tenants.service';
import { InvoiceUsageQuery } from './invoice-usage.dto';
import { EventScope, InvoiceUsageRepository, LedgerEventEntry } from './invoice-usage.repository';
import { LineShare, lineShares } from './line-shares';

/** One metered event behind an invoice, with the lines (by position) its tokens fall on, meter by meter. */
export type InvoiceUsageEntry = Omit<LedgerEventEntry, 'occurredAt' | 'usageDay'> & {
  id: string;
  occurredAt: string;
  usageDay: string;
  lines: (LineShare & { meter: Meter })[];
};

const NO_TOKENS: Record<Meter, bigint> = noTokens();

/**
 * Lineage: the ledger events behind an invoice or the upcoming one, each with the invoice lines its tokens fall
 * on. Within a usage group the invoice bills each meter's tokens in event order (occurredAt, then event id): the
 * first ones draw the included tokens, the rest fill the tiers, so an event's share of each line is exact and the
 * shares of all events add up to every line's quantity.
 */
@Injectable()
export class InvoiceUsageService {
  constructor(
    private readonly invoices: InvoicesService,
    private readonly computation: InvoiceComputation,
    private readonly tenants: TenantsService,
    private readonly repository: InvoiceUsageRepository,
  ) {}

  /** A tenant passes its own id: another tenant's invoices and drafts answer 404, as `get` does. */
  async ofInvoice(invoiceId: string, query: InvoiceUsageQuery, tenantId?: string): Promise<CountedListPage<InvoiceUsageEntry>> {
    const invoice = await this.invoices.get(invoiceId, tenantId);
    return this.repository.snapshot(async (tx) => {
      const computed = await this.computation.compute(tx, invoice.tenantId, invoice.period);
      if (!computed || !sameLines(computed.lines, invoice.lines)) {
        throw new ConflictException(`invoice ${invoice.number} no longer matches the subscriptions and ledger it was computed from, so its usage cannot be traced to its lines`);
      }
      return this.page(tx, computed, query);
    });
  }

  async ofUpcoming(tenantId: string, query: InvoiceUsageQuery, now = new Date()): Promise<CountedListPage<InvoiceUsageEntry>> {
    await this.tenants.get(tenantId);
    return this.repository.snapshot(async (tx) => this.page(tx, await this.invoices.upcomingIn(tx, tenantId, now), query));
  }

  private async page(tx: Tx, computed: ComputedInvoice, query: InvoiceUsageQuery): Promise<CountedListPage<InvoiceUsageEntry>> {
    const { limit, after, ...filter } = query;
    const scope: EventScope = { tenantId: computed.tenantId, period: computed.period };
    const anchor = after ? await this.repository.keyOf(tx, scope, filter, after) : null;
    if (after && !anchor) throw unknownCursor(after);
    const total = await this.repository.count(tx, scope, filter);
    const fetched = await this.repository.events(tx, scope, filter, anchor, limit + 1);
    const events = fetched.slice(0, limit);
    const beforeOnDay =
      events.length > 0 ? await this.repository.tokensBeforeOnDay(tx, scope, events[0], events[events.length - 1], events.map((e) => e.eventId)) : new Map();
    const data = events.map((event) => entryView(event, computed, beforeOnDay.get(event.eventId) ?? NO_TOKENS));
    return { object: 'list', data, first_id: data[0]?.id ?? null, last_id: data[data.length - 1]?.id ?? null, has_more: fetched.length > limit, total };
  }
}

/** An event's tokens of a meter come after its usage group's earlier days and the events before it on its own day. */
function entryView(event: LedgerEventEntry, computed: ComputedInvoice, beforeOnDay: Record<Meter, bigint>): InvoiceUsageEntry {
  const usageDay = isoDay(event.usageDay);
  const billing = computed.billingOfDay.get(usageDay);
  const lines = METERS.flatMap((meter) =>
    billing && event.tokens[meter] > 0n
      ? lineShares(billing.spans[meter] ?? [], billing.before[meter] + beforeOnDay[meter], event.tokens[meter]).map((share) => ({ meter, ...share }))
      : [],
  );
  return {
    id: event.eventId,
    eventId: event.eventId,
    eventType: event.eventType,
    occurredAt: event.occurredAt.toISOString(),
    usageDay,
    model: event.model,
    requestId: event.requestId,
    trainingJobId: event.trainingJobId,
    apiKeyId: event.apiKeyId,
    tokens: event.tokens,
    lines,
  };
}

/** Whether a stored invoice's lines are the ones computed now (same order, kinds, quantities and amounts). */
function sameLines(computed: InvoiceLineDraft[], stored: { kind: string; quantity: bigint; amountMinor: bigint }[]): boolean {
  return computed.length === stored.length && computed.every((line, i) => line.kind === stored[i].kind && line.quantity === stored[i].quantity && line.amountMinor === stored[i].amountMinor);
}
