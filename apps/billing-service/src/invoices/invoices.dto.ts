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
