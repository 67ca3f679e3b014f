import { z } from 'zod';

const serviceName = z.enum(['data-service', 'training-service', 'serving-service', 'billing-service']);

export const sendProbesSchema = z.strictObject({
  to: serviceName,
  count: z.number().int().min(1).max(10_000).default(1),
  note: z.string().max(1000).default(''),
});
export type SendProbesDto = z.infer<typeof sendProbesSchema>;

export const listProbesSchema = z.strictObject({
  from: serviceName.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(10),
});
export type ListProbesQuery = z.infer<typeof listProbesSchema>;
