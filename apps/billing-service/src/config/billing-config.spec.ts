import { ConfigError, loadConfig } from '@llmchain/platform';
import { billingConfigSchema } from './billing-config';

describe('billing configuration', () => {
  it('runs without a bootstrap admin and applies defaults', () => {
    expect(loadConfig(billingConfigSchema, {})).toEqual({
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
    });
  });

  it('needs the bootstrap admin as a pair, with a long enough password', () => {
    expect(() => loadConfig(billingConfigSchema, { BOOTSTRAP_ADMIN_EMAIL: 'ops@example.com' })).toThrow(/BOOTSTRAP_ADMIN_PASSWORD: set both or neither/);
    expect(() => loadConfig(billingConfigSchema, { BOOTSTRAP_ADMIN_EMAIL: 'ops@example.com', BOOTSTRAP_ADMIN_PASSWORD: 'short' })).toThrow(ConfigError);
    expect(loadConfig(billingConfigSchema, { BOOTSTRAP_ADMIN_EMAIL: 'ops@example.com', BOOTSTRAP_ADMIN_PASSWORD: 'long enough secret' }).BOOTSTRAP_ADMIN_EMAIL).toBe('ops@example.com');
  });
});
