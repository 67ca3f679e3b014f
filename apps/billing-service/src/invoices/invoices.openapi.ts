import { listQuerySchema, RouteDoc, undescribedAnswer } from '@llmchain/platform';
import { generateInvoiceSchema, invoiceRunSchema, listInvoicesQuerySchema } from './invoices.dto';

/** invoices.controller.ts */
export const INVOICES_ROUTES: readonly RouteDoc[] = [
  { method: 'POST', path: '/admin/invoices', summary: '201 with the new draft, or 200 with the invoice the period already has', caller: 'admin', auth: 'admin session', body: generateInvoiceSchema, responses: { 201: { description: 'A new invoice', json: undescribedAnswer }, 200: { description: 'The period’s existing invoice', json: undescribedAnswer } } },
  { method: 'POST', path: '/admin/invoices/run', summary: 'The monthly run on demand (last month unless a period is given)', caller: 'admin', auth: 'admin session', body: invoiceRunSchema, responses: { 201: { description: 'OK', json: undescribedAnswer } } },
  { method: 'GET', path: '/admin/invoices', summary: 'List (invoices)', caller: 'admin', auth: 'admin session', query: listInvoicesQuerySchema, responses: { 200: { description: 'OK', json: undescribedAnswer } } },
  { method: 'GET', path: '/admin/invoices/:invoiceId', summary: 'Get (invoices)', caller: 'admin', auth: 'admin session', responses: { 200: { description: 'OK', json: undescribedAnswer } } },
  { method: 'GET', path: '/admin/invoices/:invoiceId/html', summary: 'Html (html)', caller: 'admin', auth: 'admin session', responses: { 200: { description: 'OK', json: undescribedAnswer } } },
  { method: 'GET', path: '/admin/invoices/:invoiceId/pdf', summary: 'Pdf (pdf)', caller: 'admin', auth: 'admin session', responses: { 200: { description: 'OK', json: undescribedAnswer } } },
  { method: 'POST', path: '/admin/invoices/:invoiceId/issue', summary: 'Issue (issue)', caller: 'admin', auth: 'admin session', responses: { 201: { description: 'OK', json: undescribedAnswer } } },
  { method: 'POST', path: '/admin/invoices/:invoiceId/pay', summary: 'Pay (pay)', caller: 'admin', auth: 'admin session', responses: { 201: { description: 'OK', json: undescribedAnswer } } },
  { method: 'POST', path: '/admin/invoices/:invoiceId/void', summary: 'Void (void)', caller: 'admin', auth: 'admin session', responses: { 201: { description: 'OK', json: undescribedAnswer } } },
  { method: 'GET', path: '/admin/tenants/:tenantId/invoices/upcoming', summary: 'What the tenant’s invoice for the open period would be if no more usage arrived; writes nothing', caller: 'admin', auth: 'admin session', errors: [409], responses: { 200: { description: 'OK', json: undescribedAnswer } } },
  { method: 'GET', path: '/v1/invoices/upcoming', summary: 'The open period’s invoice so far', caller: 'tenant', auth: 'tenant key', errors: [409], responses: { 200: { description: 'OK', json: undescribedAnswer } } },
  { method: 'GET', path: '/v1/invoices', summary: 'List (invoices)', caller: 'tenant', auth: 'tenant key', query: listQuerySchema, responses: { 200: { description: 'OK', json: undescribedAnswer } } },
  { method: 'GET', path: '/v1/invoices/:invoiceId', summary: 'Get (invoices)', caller: 'tenant', auth: 'tenant key', responses: { 200: { description: 'OK', json: undescribedAnswer } } },
  { method: 'GET', path: '/v1/invoices/:invoiceId/html', summary: 'Html (html)', caller: 'tenant', auth: 'tenant key', responses: { 200: { description: 'OK', json: undescribedAnswer } } },
  { method: 'GET', path: '/v1/invoices/:invoiceId/pdf', summary: 'Pdf (pdf)', caller: 'tenant', auth: 'tenant key', responses: { 200: { description: 'OK', json: undescribedAnswer } } },
];
