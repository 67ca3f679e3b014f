import { listQuerySchema } from '@llmchain/platform';
import { z } from 'zod';
import { METERS } from '../common/meters';

export const invoiceUsageQuerySchema = listQuerySchema.extend({
  meter: z.enum(METERS, `must be one of ${METERS.join(', ')}`).optional(),
  model: z.string().min(1, 'must name a model').max(256, 'must be at most 256 characters').optional(),
});
export type InvoiceUsageQuery = z.infer<typeof invoiceUsageQuerySchema>;
