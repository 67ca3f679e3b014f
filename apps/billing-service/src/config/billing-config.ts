import { loadConfig, platformConfigSchema } from '@llmchain/platform';
import { isIP } from 'node:net';
import { z } from 'zod';
import { emailAddress } from '../common/email-address';

/** billing-service's settings: the platform's and its own. The bootstrap admin is optional but comes as a pair. */
export const billingConfigSchema = platformConfigSchema
  .extend({
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
    /**
     * The AES-256 key (32 bytes, base64) webhook signing secrets are encrypted with at rest. Unset, tenants cannot
     * register webhook endpoints (503 naming this variable); `openssl rand -base64 32` makes one.
     */
    WEBHOOK_SECRET_KEY: z
      .string()
      .refine((key) => Buffer.from(key, 'base64').length === 32 && /^[A-Za-z0-9+/]+={0,2}$/.test(key), 'must be 32 bytes in base64 (openssl rand -base64 32)')
      .optional(),
    /**
     * Keys WEBHOOK_SECRET_KEY replaced (comma-separated, each 32 bytes in base64): secrets sealed under them still
     * open, and are sealed again under the current key at boot and at their next delivery.
     */
    WEBHOOK_SECRET_PREVIOUS_KEYS: z
      .string()
      .default('')
      .transform((list) => list.split(',').map((key) => key.trim()).filter(Boolean))
      .refine((keys) => keys.every((key) => Buffer.from(key, 'base64').length === 32 && /^[A-Za-z0-9+/]+={0,2}$/.test(key)), 'must be comma-separated keys of 32 bytes in base64'),
    /** Webhook targets on loopback ("loopback": tests, a receiver on the same host) or any private range ("true"). */
    WEBHOOK_ALLOW_PRIVATE_TARGETS: z
      .enum(['false', 'loopback', 'true'])
      .default('false')
      .transform((value) => (value === 'loopback' ? 'loopback' : value === 'true')),
    /** One delivery attempt (connect, send, answer) ends as a failure after this long. */
    WEBHOOK_ATTEMPT_TIMEOUT_MS: z.coerce.number().int().positive().max(60_000).default(15_000),
    /** How much of a receiver's answer is read and kept in the delivery log; the connection is dropped past it. */
    WEBHOOK_RESPONSE_MAX_BYTES: z.coerce.number().int().nonnegative().max(65_536).default(4_096),
    /** The first retry's delay; each further one doubles, up to WEBHOOK_RETRY_MAX_DELAY_MS. */
    WEBHOOK_RETRY_BASE_MS: z.coerce.number().int().positive().default(5_000),
    WEBHOOK_RETRY_MAX_DELAY_MS: z.coerce.number().int().positive().default(12 * 3_600_000),
    /** A delivery is retried for this long after its first attempt (72 h), then marked failed. */
    WEBHOOK_RETRY_WINDOW_MS: z.coerce.number().int().positive().default(72 * 3_600_000),
    /** An endpoint whose every attempt failed for this long (5 days, as Svix does) is disabled until re-enabled. */
    WEBHOOK_DISABLE_AFTER_MS: z.coerce.number().int().positive().default(5 * 86_400_000),
    /** How often due deliveries are looked for, and how many one process sends at once. */
    WEBHOOK_POLL_INTERVAL_MS: z.coerce.number().int().positive().default(1_000),
    WEBHOOK_CONCURRENT_DELIVERIES: z.coerce.number().int().positive().max(256).default(16),
    WEBHOOK_MAX_ENDPOINTS_PER_TENANT: z.coerce.number().int().positive().default(20),
    /** Settled deliveries (their attempts, and events left without deliveries) are deleted this long after creation. */
    WEBHOOK_LOG_RETENTION_DAYS: z.coerce.number().int().positive().default(30),
    /** How often that purge runs. */
    WEBHOOK_LOG_PURGE_INTERVAL_MS: z.coerce.number().int().positive().default(3_600_000),
  })
  .refine((c) => (c.BOOTSTRAP_ADMIN_EMAIL === undefined) === (c.BOOTSTRAP_ADMIN_PASSWORD === undefined), {
    message: 'set both or neither',
    path: ['BOOTSTRAP_ADMIN_PASSWORD'],
  });

export type BillingConfig = z.infer<typeof billingConfigSchema>;

export const BILLING_CONFIG = Symbol('BILLING_CONFIG');

export function loadBillingConfig(env: Record<string, string | undefined> = process.env): BillingConfig {
  return loadConfig(billingConfigSchema, env);
}
