import { ConfigError, loadConfig } from '@llmchain/platform';
import { billingConfigSchema } from './billing-config';

describe('billing configuration', () => {
  it('runs without a bootstrap admin and applies defaults', () => {
    expect(loadConfig(billingConfigSchema, {})).toEqual({ SESSION_TTL_MINUTES: 720, INVOICE_RUN_INTERVAL_MS: 3_600_000 });
  });

  it('needs the bootstrap admin as a pair, with a long enough password', () => {
    expect(() => loadConfig(billingConfigSchema, { BOOTSTRAP_ADMIN_EMAIL: 'ops@example.com' })).toThrow(/BOOTSTRAP_ADMIN_PASSWORD: set both or neither/);
    expect(() => loadConfig(billingConfigSchema, { BOOTSTRAP_ADMIN_EMAIL: 'ops@example.com', BOOTSTRAP_ADMIN_PASSWORD: 'short' })).toThrow(ConfigError);
    expect(loadConfig(billingConfigSchema, { BOOTSTRAP_ADMIN_EMAIL: 'ops@example.com', BOOTSTRAP_ADMIN_PASSWORD: 'long enough secret' }).BOOTSTRAP_ADMIN_EMAIL).toBe('ops@example.com');
  });
});
