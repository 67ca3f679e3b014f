import { ConfigError, loadConfig, platformConfigSchema } from '@llmchain/platform';
import { billingConfigSchema } from './billing-config';

/** What the platform part of the schema needs; the tests are about billing's own variables. */
const platform = { PORT: '3004', DATABASE_URL: 'postgresql://u:p@127.0.0.1:5432/billing', REDIS_URL: 'redis://127.0.0.1:6379', KAFKA_BROKERS: '127.0.0.1:9092' };

describe('billing configuration', () => {
  it('runs without a bootstrap admin and applies defaults', () => {
    expect(loadConfig(billingConfigSchema, platform)).toEqual({
      ...loadConfig(platformConfigSchema, platform),
      SESSION_TTL_MINUTES: 720,
      SESSION_IDLE_SECONDS: 7200,
      SESSION_PURGE_INTERVAL_MS: 600_000,
      INVOICE_RUN_INTERVAL_MS: 3_600_000,
      CREDIT_SWEEP_INTERVAL_MS: 60_000,
      LOGIN_ACCOUNT_FAILURES: 5,
      LOGIN_ADDRESS_FAILURES: 20,
      LOGIN_MAX_BACKOFF_SECONDS: 900,
      LOGIN_CONCURRENT_HASHES: 4,
      LOGIN_HASH_QUEUE: 32,
      LOGIN_TRUSTED_PROXIES: ['127.0.0.1', '::1'],
      WEBHOOK_ALLOW_PRIVATE_TARGETS: false,
      WEBHOOK_ATTEMPT_TIMEOUT_MS: 15_000,
      WEBHOOK_SECRET_PREVIOUS_KEYS: [],
      WEBHOOK_RESPONSE_MAX_BYTES: 4_096,
      WEBHOOK_RETRY_BASE_MS: 5_000,
      WEBHOOK_RETRY_MAX_DELAY_MS: 43_200_000,
      WEBHOOK_RETRY_WINDOW_MS: 259_200_000,
      WEBHOOK_DISABLE_AFTER_MS: 432_000_000,
      WEBHOOK_POLL_INTERVAL_MS: 1_000,
      WEBHOOK_CONCURRENT_DELIVERIES: 16,
      WEBHOOK_MAX_ENDPOINTS_PER_TENANT: 20,
      WEBHOOK_LOG_RETENTION_DAYS: 30,
      WEBHOOK_LOG_PURGE_INTERVAL_MS: 3_600_000,
    });
  });

  it('needs the bootstrap admin as a pair, with a long enough password', () => {
    expect(() => loadConfig(billingConfigSchema, { ...platform, BOOTSTRAP_ADMIN_EMAIL: 'ops@example.com' })).toThrow(/BOOTSTRAP_ADMIN_PASSWORD: set both or neither/);
    expect(() => loadConfig(billingConfigSchema, { ...platform, BOOTSTRAP_ADMIN_EMAIL: 'ops@example.com', BOOTSTRAP_ADMIN_PASSWORD: 'short' })).toThrow(ConfigError);
    expect(loadConfig(billingConfigSchema, { ...platform, BOOTSTRAP_ADMIN_EMAIL: 'ops@example.com', BOOTSTRAP_ADMIN_PASSWORD: 'long enough secret' }).BOOTSTRAP_ADMIN_EMAIL).toBe('ops@example.com');
  });

  it('takes a 32-byte webhook key in base64 and names the variable when it is anything else', () => {
    const key = Buffer.alloc(32, 7).toString('base64');
    expect(loadConfig(billingConfigSchema, { ...platform, WEBHOOK_SECRET_KEY: key, WEBHOOK_ALLOW_PRIVATE_TARGETS: 'loopback' })).toMatchObject({ WEBHOOK_SECRET_KEY: key, WEBHOOK_ALLOW_PRIVATE_TARGETS: 'loopback' });
    expect(() => loadConfig(billingConfigSchema, { ...platform, WEBHOOK_SECRET_KEY: Buffer.alloc(16).toString('base64') })).toThrow(/WEBHOOK_SECRET_KEY: must be 32 bytes in base64/);
    expect(() => loadConfig(billingConfigSchema, { ...platform, WEBHOOK_ALLOW_PRIVATE_TARGETS: 'yes' })).toThrow(/WEBHOOK_ALLOW_PRIVATE_TARGETS/);
  });

  it('takes previous webhook keys as a comma-separated list of 32-byte keys', () => {
    const [one, two] = [Buffer.alloc(32, 1).toString('base64'), Buffer.alloc(32, 2).toString('base64')];
    expect(loadConfig(billingConfigSchema, platform).WEBHOOK_SECRET_PREVIOUS_KEYS).toEqual([]);
    expect(loadConfig(billingConfigSchema, { ...platform, WEBHOOK_SECRET_PREVIOUS_KEYS: `${one}, ${two}` }).WEBHOOK_SECRET_PREVIOUS_KEYS).toEqual([one, two]);
    expect(() => loadConfig(billingConfigSchema, { ...platform, WEBHOOK_SECRET_PREVIOUS_KEYS: `${one},short` })).toThrow(/WEBHOOK_SECRET_PREVIOUS_KEYS: must be comma-separated keys of 32 bytes/);
  });
});
