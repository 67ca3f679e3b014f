import { listPageOf, listQuerySchema, RouteDoc } from '@llmchain/platform';
import { generateInvoiceSchema, invoiceRunSchema, listInvoicesQuerySchema } from './invoices.dto';
import { invoiceRunResultSchema, invoiceSchema, invoiceSummarySchema, upcomingInvoiceSchema } from './invoices.schemas';

const admin = { caller: 'admin', auth: 'admin session' } as const;
const tenant = { caller: 'tenant', auth: 'tenant key' } as const;
const invoice = (description: string) => ({ description, json: invoiceSchema });
const html = { description: 'The invoice as a printable HTML page', mediaType: 'text/html' };
const pdf = { description: 'The invoice as a PDF document', mediaType: 'application/pdf' };
const UPCOMING = 'Computed as the invoice will be, on one consistent snapshot; nothing is closed, numbered or written. 409 when no subscription covers the open period.';
const TENANT_SEES = 'Issued, paid and void invoices only: drafts and other tenants’ invoices answer 404.';

/** invoices.controller.ts */
export const INVOICES_ROUTES: readonly RouteDoc[] = [
  { method: 'POST', path: '/admin/invoices', summary: 'Draft the invoice of a tenant’s ended month', description: 'Idempotent per tenant and period: 201 with the new draft, or 200 with the invoice the period already has. Drafting closes the period for the tenant: usage of it arriving later is billed on the next invoice as an adjustment.', ...admin, body: generateInvoiceSchema, responses: { 201: invoice('The new draft'), 200: invoice('The period’s existing invoice') } },
  { method: 'POST', path: '/admin/invoices/run', summary: 'Run the monthly invoicing now', description: 'Drafts the invoice of every tenant that had a subscription in the period (last month unless one is given) and has none for it yet.', ...admin, body: invoiceRunSchema, responses: { 201: { description: 'How many drafts were made', json: invoiceRunResultSchema } } },
  { method: 'GET', path: '/admin/invoices', summary: 'List the invoices', description: 'By number; filter by tenant, period and status.', ...admin, query: listInvoicesQuerySchema, responses: { 200: { description: 'A page of invoices, without their lines', json: listPageOf(invoiceSummarySchema) } } },
  { method: 'GET', path: '/admin/invoices/:invoiceId', summary: 'Get an invoice with its lines', ...admin, responses: { 200: invoice('The invoice') } },
  { method: 'GET', path: '/admin/invoices/:invoiceId/html', summary: 'An invoice as a web page', ...admin, responses: { 200: html } },
  { method: 'GET', path: '/admin/invoices/:invoiceId/pdf', summary: 'An invoice as a PDF', ...admin, responses: { 200: pdf } },
  { method: 'POST', path: '/admin/invoices/:invoiceId/issue', summary: 'Issue a draft invoice', description: 'Only a draft can be issued (409 otherwise); the tenant sees it from then on, and invoice.issued goes out.', ...admin, responses: { 201: invoice('The issued invoice') } },
  { method: 'POST', path: '/admin/invoices/:invoiceId/pay', summary: 'Mark an issued invoice paid', description: 'Only an issued invoice can be paid (409 otherwise).', ...admin, responses: { 201: invoice('The paid invoice') } },
  { method: 'POST', path: '/admin/invoices/:invoiceId/void', summary: 'Void an invoice', description: 'A draft or an issued invoice; a paid or void one answers 409.', ...admin, responses: { 201: invoice('The void invoice') } },
  { method: 'GET', path: '/admin/tenants/:tenantId/invoices/upcoming', summary: 'A tenant’s invoice so far for this month', description: UPCOMING, ...admin, errors: [409], responses: { 200: { description: 'The upcoming invoice', json: upcomingInvoiceSchema } } },
  { method: 'GET', path: '/v1/invoices/upcoming', summary: 'Your invoice so far for this month', description: UPCOMING, ...tenant, errors: [409], responses: { 200: { description: 'The upcoming invoice', json: upcomingInvoiceSchema } } },
  { method: 'GET', path: '/v1/invoices', summary: 'List your invoices', description: TENANT_SEES, ...tenant, query: listQuerySchema, responses: { 200: { description: 'A page of invoices, without their lines', json: listPageOf(invoiceSummarySchema) } } },
  { method: 'GET', path: '/v1/invoices/:invoiceId', summary: 'Get one of your invoices with its lines', description: TENANT_SEES, ...tenant, responses: { 200: invoice('The invoice') } },
  { method: 'GET', path: '/v1/invoices/:invoiceId/html', summary: 'One of your invoices as a web page', description: TENANT_SEES, ...tenant, responses: { 200: html } },
  { method: 'GET', path: '/v1/invoices/:invoiceId/pdf', summary: 'One of your invoices as a PDF', description: TENANT_SEES, ...tenant, responses: { 200: pdf } },
];
