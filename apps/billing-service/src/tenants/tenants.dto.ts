import { listQuerySchema } from '@llmchain/platform';
import { z } from 'zod';

const name = z.string().trim().min(1, 'is required').max(200);
/** A contact address, or null to clear it. */
const emailOrNull = z.email('must be an email address').max(320).nullable();

export const createTenantSchema = z.strictObject({
  name,
  contactEmail: emailOrNull.default(null),
  billingEmail: emailOrNull.default(null),
});
export type CreateTenantDto = z.infer<typeof createTenantSchema>;

export const updateTenantSchema = z
  .strictObject({ name: name.optional(), contactEmail: emailOrNull.optional(), billingEmail: emailOrNull.optional() })
  .refine((dto) => Object.values(dto).some((value) => value !== undefined), 'give at least one of name, contactEmail, billingEmail');
export type UpdateTenantDto = z.infer<typeof updateTenantSchema>;

export const suspendTenantSchema = z.strictObject({ reason: z.string().trim().min(1, 'is required: say why the tenant is suspended').max(1000) });
export type SuspendTenantDto = z.infer<typeof suspendTenantSchema>;

export const reactivateTenantSchema = z.strictObject({ reason: z.string().trim().min(1).max(1000).optional() });
export type ReactivateTenantDto = z.infer<typeof reactivateTenantSchema>;

export const listTenantsQuerySchema = listQuerySchema.extend({
  status: z.enum(['active', 'suspended']).optional(),
  /** Part of the name, any case. */
  q: z.string().trim().min(1).max(200).optional(),
});
export type ListTenantsQuery = z.infer<typeof listTenantsQuerySchema>;
