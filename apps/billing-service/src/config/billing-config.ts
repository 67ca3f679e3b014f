import { loadConfig } from '@llmchain/platform';
import { isIP } from 'node:net';
import { z } from 'zod';
import { emailAddress } from '../common/email-address';

/** billing-service's own settings, beside the platform's. The bootstrap admin is optional but comes as a pair. */
export const billingConfigSchema = z
  .object({
    BOOTSTRAP_ADMIN_EMAIL: emailAddress.optional(),
    BOOTSTRAP_ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
    SESSION_TTL_MINUTES: z.coerce.number().int().positive().default(720),
    /** A session unused this long ends before its TTL (OWASP: 15-30 minutes for sensitive applications; 2 h here). */
    SESSION_IDLE_SECONDS: z.coerce.number().int().positive().default(7_200),
    /** How often ended (expired or idle) sessions are deleted. */
    SESSION_PURGE_INTERVAL_MS: z.coerce.number().int().positive().default(600_000),
    /** Failed logins on one account before it waits (then 1 s, doubling with each further failure, up to the max). */
    LOGIN_ACCOUNT_FAILURES: z.coerce.number().int().positive().default(5),
    /** Failed logins from one address (any accounts) before it waits, likewise. */
    LOGIN_ADDRESS_FAILURES: z.coerce.number().int().positive().default(20),
    /** The longest wait a lockout imposes, and how long failures are remembered after the last one. */
    LOGIN_MAX_BACKOFF_SECONDS: z.coerce.number().int().positive().default(900),
    /** Password hashes (Argon2id, ~19 MiB and tens of ms of CPU each) one process computes at once; more wait. */
    LOGIN_CONCURRENT_HASHES: z.coerce.number().int().positive().default(4),
    /** Logins waiting for a hash slot; beyond this a login answers 429 at once. */
    LOGIN_HASH_QUEUE: z.coerce.number().int().nonnegative().default(32),
    /** Proxies whose X-Forwarded-For names the client a login counts against (comma-separated IPs). */
    LOGIN_TRUSTED_PROXIES: z
      .string()
      .default('127.0.0.1,::1')
      .transform((list) => list.split(',').map((ip) => ip.trim()).filter(Boolean))
      .refine((ips) => ips.every((ip) => isIP(ip) !== 0), 'must be a comma-separated list of IP addresses'),
    /** How often the monthly invoice run looks for ended periods without an invoice. */
    INVOICE_RUN_INTERVAL_MS: z.coerce.number().int().positive().default(3_600_000),
    /** How often expired credit grants leave the balance and plan changes that start or stop prepaid enforcement apply. */
    CREDIT_SWEEP_INTERVAL_MS: z.coerce.number().int().positive().default(60_000),
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
