import { RouteDoc, undescribedAnswer } from '@llmchain/platform';

/** invoice-usage.controller.ts */
export const INVOICE_USAGE_ROUTES: readonly RouteDoc[] = [
  { method: 'GET', path: '/admin/invoices/:invoiceId/usage', summary: 'Of invoice (usage)', caller: 'admin', auth: 'admin session', errors: [409], responses: { 200: { description: 'OK', json: undescribedAnswer } } },
  { method: 'GET', path: '/admin/tenants/:tenantId/invoices/upcoming/usage', summary: 'Of upcoming (usage)', caller: 'admin', auth: 'admin session', errors: [409], responses: { 200: { description: 'OK', json: undescribedAnswer } } },
  { method: 'GET', path: '/v1/invoices/upcoming/usage', summary: 'Of upcoming (usage)', caller: 'tenant', auth: 'tenant key', errors: [409], responses: { 200: { description: 'OK', json: undescribedAnswer } } },
  { method: 'GET', path: '/v1/invoices/:invoiceId/usage', summary: 'Of invoice (usage)', caller: 'tenant', auth: 'tenant key', errors: [409], responses: { 200: { description: 'OK', json: undescribedAnswer } } },
];
