import { listQuerySchema } from '@llmchain/platform';
import { z } from 'zod';
import { PERIOD_PATTERN } from '../common/period';

export const generateInvoiceSchema = z.strictObject({
  tenantId: z.uuid('must be a tenant id'),
  period: z.string().regex(PERIOD_PATTERN, 'must be a YYYY-MM month'),
});
export type GenerateInvoiceDto = z.infer<typeof generateInvoiceSchema>;

export const invoiceRunSchema = z.strictObject({
  period: z.string().regex(PERIOD_PATTERN, 'must be a YYYY-MM month').optional(),
});
export type InvoiceRunDto = z.infer<typeof invoiceRunSchema>;

export const INVOICE_STATUSES = ['draft', 'issued', 'paid', 'void'] as const;

export const listInvoicesQuerySchema = listQuerySchema.extend({
  tenantId: z.uuid('must be a tenant id').optional(),
  period: z.string().regex(PERIOD_PATTERN, 'must be a YYYY-MM month').optional(),
  status: z.enum(INVOICE_STATUSES).optional(),
});
export type ListInvoicesQuery = z.infer<typeof listInvoicesQuerySchema>;
