import { isoDateTime } from '@llmchain/platform';
import { z } from 'zod';
import { integerString, Wire } from '../common/wire';
import { Invoice } from '../generated/prisma/client';
import { INVOICE_STATUSES } from './invoices.dto';
import { InvoiceWithLines } from './invoices.repository';
import { InvoicesService } from './invoices.service';
import { UpcomingInvoice } from './upcoming-invoice-view';

/** The wire shapes of invoices.controller.ts's answers, for the OpenAPI document and the typed client. */
const invoiceLineKind = z
  .enum(['base_fee', 'included_tokens', 'metered', 'adjustment', 'prepaid_credits', 'prepaid_money_credits', 'credit_purchase'])
  .meta({ description: 'What the line bills: the plan’s fee, included tokens, a metered tier, late usage of an earlier period, credits drawn or bought' });

const lineFields = {
  position: z.number().int().meta({ description: 'The line’s place on the invoice, from 0' }),
  kind: invoiceLineKind,
  description: z.string(),
  quantity: integerString.meta({ description: 'Tokens, or days of the plan on a fee line' }),
  unitPriceMinor: integerString.nullable().meta({ description: 'Per 1,000 tokens on tier lines; null on lines without a unit price (fees, included tokens)' }),
  amountMinor: integerString,
};

const invoiceFields = {
  id: z.uuid(),
  number: z.number().int().meta({ description: 'Consecutive, without gaps' }),
  tenantId: z.uuid(),
  period: z.string().meta({ description: 'The UTC month billed, YYYY-MM' }),
  status: z.enum(INVOICE_STATUSES).meta({ description: 'draft → issued → paid, or void (a draft or an issued invoice may be voided)' }),
  currency: z.string(),
  totalMinor: integerString,
  createdAt: isoDateTime,
  issuedAt: isoDateTime.nullable(),
  paidAt: isoDateTime.nullable(),
  voidedAt: isoDateTime.nullable(),
};

/** An invoice as lists show it: without its lines. */
export const invoiceSummarySchema = z.object(invoiceFields).meta({ id: 'InvoiceSummary' }) satisfies z.ZodType<Wire<Invoice>>;

const invoiceExample = {
  id: '7f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0',
  number: 42,
  tenantId: '0c8f3a6e-7d21-4b9a-8e5f-2a1b3c4d5e6f',
  period: '2026-11',
  status: 'issued',
  currency: 'USD',
  totalMinor: '6140',
  createdAt: '2026-12-01T00:05:00.000Z',
  issuedAt: '2026-12-01T09:00:00.000Z',
  paidAt: null,
  voidedAt: null,
  tenant: { id: '0c8f3a6e-7d21-4b9a-8e5f-2a1b3c4d5e6f', name: 'Acme Robotics' },
  lines: [
    { invoiceId: '7f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0', position: 0, kind: 'base_fee', description: 'Team (team v2): monthly fee', quantity: '30', unitPriceMinor: null, amountMinor: '4900' },
    { invoiceId: '7f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0', position: 1, kind: 'included_tokens', description: 'Team (team v2): included tokens used (1000000 of 1000000)', quantity: '1000000', unitPriceMinor: null, amountMinor: '0' },
    { invoiceId: '7f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0', position: 2, kind: 'metered', description: 'prompt tokens, tier 1 (0-10000000) at 2 per 1,000', quantity: '620000', unitPriceMinor: '2', amountMinor: '1240' },
  ],
};

/** An invoice with its tenant's name and its lines in order. */
export const invoiceSchema = z
  .object({
    ...invoiceFields,
    tenant: z.object({ id: z.uuid(), name: z.string() }),
    lines: z.array(z.object({ invoiceId: z.uuid(), ...lineFields })),
  })
  .meta({ id: 'Invoice', example: invoiceExample }) satisfies z.ZodType<Wire<InvoiceWithLines>>;

/** What the open period's invoice would be if no more usage arrived: no id or number yet. */
export const upcomingInvoiceSchema = z
  .object({
    tenantId: z.uuid(),
    tenant: z.object({ id: z.uuid(), name: z.string() }),
    period: z.string().meta({ description: 'The open UTC month, YYYY-MM' }),
    status: z.literal('upcoming'),
    currency: z.string(),
    totalMinor: integerString,
    lines: z.array(z.object(lineFields)),
    asOf: isoDateTime.meta({ description: 'When it was computed' }),
  })
  .meta({ id: 'UpcomingInvoice' }) satisfies z.ZodType<Wire<UpcomingInvoice>>;

/** The monthly invoice run's outcome. */
export const invoiceRunResultSchema = z
  .object({ period: z.string(), generated: z.number().int().meta({ description: 'Drafts created by this run (tenants that had one already are not counted)' }) })
  .meta({ id: 'InvoiceRunResult' }) satisfies z.ZodType<Wire<Awaited<ReturnType<InvoicesService['generateDue']>>>>;
