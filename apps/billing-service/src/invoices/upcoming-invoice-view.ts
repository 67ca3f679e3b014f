import { InvoiceLineDraft } from '../common/invoice-lines';
import { ComputedInvoice } from './invoice-computation.service';

/** An invoice that does not exist yet: no id or number, `status: 'upcoming'`, and the moment it was computed. */
export type UpcomingInvoice = {
  tenantId: string;
  tenant: { id: string; name: string };
  period: string;
  status: 'upcoming';
  currency: string;
  totalMinor: bigint;
  lines: (InvoiceLineDraft & { position: number })[];
  asOf: string;
};

export function upcomingInvoiceView(computed: ComputedInvoice, tenant: { id: string; name: string }, asOf: Date): UpcomingInvoice {
  return {
    tenantId: computed.tenantId,
    tenant,
    period: computed.period,
    status: 'upcoming',
    currency: computed.currency,
    totalMinor: computed.totalMinor,
    lines: computed.lines.map((line, position) => ({ position, ...line })),
    asOf: asOf.toISOString(),
  };
}
