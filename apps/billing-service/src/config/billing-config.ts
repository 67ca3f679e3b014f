import { loadConfig } from '@llmchain/platform';
import { z } from 'zod';

/** billing-service's own settings, beside the platform's. The bootstrap admin is optional but comes as a pair. */
export const billingConfigSchema = z
  .object({
    BOOTSTRAP_ADMIN_EMAIL: z.email('must be an email address').optional(),
    BOOTSTRAP_ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
    SESSION_TTL_MINUTES: z.coerce.number().int().positive().default(720),
    /** How often the monthly invoice run looks for ended periods without an invoice. */
    INVOICE_RUN_INTERVAL_MS: z.coerce.number().int().positive().default(3_600_000),
  })
  .refine((c) => (c.BOOTSTRAP_ADMIN_EMAIL === undefined) === (c.BOOTSTRAP_ADMIN_PASSWORD === undefined), {
    message: 'set both or neither',
    path: ['BOOTSTRAP_ADMIN_PASSWORD'],
  });

export type BillingConfig = z.infer<typeof billingConfigSchema>;

export const BILLING_CONFIG = Symbol('BILLING_CONFIG');

export function loadBillingConfig(): BillingConfig {
  return loadConfig(billingConfigSchema);
}
