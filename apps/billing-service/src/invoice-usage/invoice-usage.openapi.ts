import { listPageOf, RouteDoc } from '@llmchain/platform';
import { invoiceUsageQuerySchema } from './invoice-usage.dto';
import { invoiceUsageEntrySchema } from './invoice-usage.schemas';

const page = { 200: { description: 'A page of the events, in the order the invoice bills them (occurredAt, then event id)', json: listPageOf(invoiceUsageEntrySchema) } };
const LINEAGE = 'The ledger events behind the invoice, each with the lines its tokens fall on; filter by ?meter= and ?model=. 409 when the invoice no longer matches the subscriptions and ledger it was computed from.';
const UPCOMING = 'The ledger events behind the open month’s invoice so far, each with the lines its tokens fall on. 409 when no subscription covers the open month.';

/** invoice-usage.controller.ts */
export const INVOICE_USAGE_ROUTES: readonly RouteDoc[] = [
  { method: 'GET', path: '/admin/invoices/:invoiceId/usage', summary: 'The usage an invoice bills, event by event', description: LINEAGE, caller: 'admin', auth: 'admin session', query: invoiceUsageQuerySchema, errors: [409], responses: page },
  { method: 'GET', path: '/admin/tenants/:tenantId/invoices/upcoming/usage', summary: 'The usage of a tenant’s upcoming invoice, event by event', description: UPCOMING, caller: 'admin', auth: 'admin session', query: invoiceUsageQuerySchema, errors: [409], responses: page },
  { method: 'GET', path: '/v1/invoices/upcoming/usage', summary: 'The usage of your upcoming invoice, event by event', description: UPCOMING, caller: 'tenant', auth: 'tenant key', query: invoiceUsageQuerySchema, errors: [409], responses: page },
  { method: 'GET', path: '/v1/invoices/:invoiceId/usage', summary: 'The usage one of your invoices bills, event by event', description: `${LINEAGE} Drafts answer 404.`, caller: 'tenant', auth: 'tenant key', query: invoiceUsageQuerySchema, errors: [409], responses: page },
];
